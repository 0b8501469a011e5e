package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.ShareCoupon;
import org.jspecify.annotations.Nullable;

/**
 * A bargain campaign as the API shows it: its terms and live counters.
 *
 * @param id campaign id
 * @param kind always BARGAIN
 * @param sellerId seller
 * @param sku SKU
 * @param title title
 * @param imageUrl image
 * @param currency currency
 * @param listPrice start price
 * @param floorPrice price after every cut
 * @param helpersNeeded cuts to the floor
 * @param sessionTtl session lifetime
 * @param stock units
 * @param stockLeft units not held
 * @param perUserLimit sessions and units per shopper
 * @param helpsPerHelperPerDay sessions a helper may cut per day
 * @param startsAt window start
 * @param endsAt window end
 * @param payWindow time to pay
 * @param status SCHEDULED, LIVE, SOLD_OUT, ENDED or CANCELLED
 * @param openSessions sessions open now
 * @param serverTime Redis time of the counters
 * @param shareCoupon what each paying buyer may share in the circle, if anything
 */
public record BargainView(long id, String kind, String sellerId, String sku, String title, @Nullable String imageUrl,
		String currency, long listPrice, long floorPrice, int helpersNeeded, Duration sessionTtl, int stock,
		long stockLeft, int perUserLimit, int helpsPerHelperPerDay, Instant startsAt, Instant endsAt,
		Duration payWindow, String status, long openSessions, Instant serverTime,
		@Nullable ShareCoupon shareCoupon) implements CampaignType.Viewed {

	static BargainView of(Bargain b, Live live) {
		CampaignTerms terms = b.campaign().terms();
		return new BargainView(b.id(), BargainType.KIND.name(), b.campaign().sellerId(), terms.sku(), terms.title(),
				terms.imageUrl(), b.currency(), b.listPrice(), b.floorPrice(), b.helpersNeeded(), b.sessionTtl(),
				b.stock(), live.state().stockLeft(), b.perUserLimit(), b.helpsPerHelperPerDay(), b.startsAt(),
				b.endsAt(), b.payWindow(), live.state().status(), live.state().openSessions(),
				Instant.ofEpochMilli(live.serverTime()), terms.shareCoupon());
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Live(long seq, long serverTime, Counters state) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Counters(String status, long stockLeft, long openSessions) {
	}

}
