package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.ShareCoupon;
import org.jspecify.annotations.Nullable;

/**
 * A group buy as the API shows it: its terms and its live counters.
 *
 * @param id campaign id
 * @param kind always GROUP_BUY
 * @param sellerId seller
 * @param sku SKU
 * @param title title
 * @param imageUrl image
 * @param currency currency
 * @param groupPrice member price
 * @param leaderPrice opener's price
 * @param soloPrice comparison price
 * @param groupSize members per group
 * @param groupTtl group lifetime
 * @param stock units
 * @param stockLeft units not held
 * @param perUserLimit seats per shopper
 * @param startsAt window start
 * @param endsAt window end
 * @param payWindow time to pay a seat
 * @param minRealMembers virtual fill threshold (absent when none)
 * @param status SCHEDULED, LIVE, SOLD_OUT, ENDED or CANCELLED
 * @param openGroups groups open now
 * @param succeededGroups groups that succeeded
 * @param failedGroups groups that failed
 * @param topic live topic
 * @param serverTime Redis time of the counters
 * @param shareCoupon what each paying buyer may share in the circle, if anything
 */
public record GroupBuyView(long id, String kind, String sellerId, String sku, String title, @Nullable String imageUrl,
		String currency, long groupPrice, @Nullable Long leaderPrice, @Nullable Long soloPrice, int groupSize,
		Duration groupTtl, int stock, long stockLeft, int perUserLimit, Instant startsAt, Instant endsAt,
		Duration payWindow, @Nullable Integer minRealMembers, String status, long openGroups, long succeededGroups,
		long failedGroups, String topic, Instant serverTime,
		@Nullable ShareCoupon shareCoupon) implements CampaignType.Viewed {

	static GroupBuyView of(GroupBuy buy, Live live) {
		Counters c = live.state();
		Campaign campaign = buy.campaign();
		return new GroupBuyView(buy.id(), GroupBuyType.KIND.name(), campaign.sellerId(), campaign.terms().sku(),
				campaign.terms().title(), campaign.terms().imageUrl(), buy.currency(), buy.groupPrice(),
				buy.leaderPrice(), buy.soloPrice(), buy.groupSize(), buy.groupTtl(), buy.stock(), c.stockLeft(),
				buy.perUserLimit(), buy.startsAt(), buy.endsAt(), buy.payWindow(),
				(buy.minRealMembers() > 0) ? buy.minRealMembers() : null, c.status(), c.openGroups(),
				c.succeededGroups(), c.failedGroups(), GroupBuy.topic(buy.id()),
				Instant.ofEpochMilli(live.serverTime()), campaign.terms().shareCoupon());
	}

	/**
	 * The state {@code view} in {@code group_lib.lua} would show for a campaign without
	 * hot state (retired, or lost and being rebuilt), from its terms and the record's
	 * counters (absent prices and virtual fill are left out, as {@code public_group_buy}
	 * leaves them out).
	 */
	static Map<String, Object> recordedState(GroupBuy buy, GroupBuyRepository.Tally tally, Instant now) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("id", buy.id());
		state.put("kind", GroupBuyType.KIND.name());
		state.put("status", buy.campaign().statusAt(now, tally.sold()));
		state.put("stock", buy.stock());
		state.put("stockLeft", buy.stock() - tally.sold());
		state.put("startsAt", buy.startsAt().toEpochMilli());
		state.put("endsAt", buy.endsAt().toEpochMilli());
		state.put("groupPrice", buy.groupPrice());
		if (buy.leaderPrice() != null) {
			state.put("leaderPrice", buy.leaderPrice());
		}
		if (buy.soloPrice() != null) {
			state.put("soloPrice", buy.soloPrice());
		}
		state.put("currency", buy.currency());
		state.put("groupSize", buy.groupSize());
		state.put("perUserLimit", buy.perUserLimit());
		state.put("openGroups", tally.openGroups());
		state.put("succeededGroups", tally.succeededGroups());
		state.put("failedGroups", tally.failedGroups());
		if (buy.minRealMembers() > 0) {
			state.put("minRealMembers", buy.minRealMembers());
		}
		state.put("seq", 0);
		return state;
	}

	/** The live message of {@code campaign_view.lua} (with {@code group_lib.lua}). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Live(long seq, long serverTime, Counters state) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Counters(String status, long stockLeft, long openGroups, long succeededGroups, long failedGroups) {
	}

}
