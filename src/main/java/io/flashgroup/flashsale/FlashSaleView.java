package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.ShareCoupon;

import org.jspecify.annotations.Nullable;

/**
 * What clients see of a flash sale: its definition and its live counters.
 *
 * @param id sale id
 * @param sellerId owning seller
 * @param sku product SKU
 * @param title product title
 * @param imageUrl product image
 * @param price unit price in minor units
 * @param currency ISO 4217 code
 * @param stock units for sale
 * @param stockLeft units still available
 * @param sold units reserved or paid
 * @param perUserLimit units one shopper may hold
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time to pay a reservation
 * @param status SCHEDULED, LIVE, SOLD_OUT, ENDED or CANCELLED
 * @param topic live topic to watch
 * @param serverTime server time of the counters
 * @param shareCoupon what each paying buyer may share in the circle, if anything
 * @param buckets stock buckets the sale is split into (1 when not split); then
 * {@code stockLeft}, {@code sold} and {@code status} are the sum as bucket 0 last heard
 * it, at most one {@code flashgroup.live.min-interval} behind
 */
public record FlashSaleView(long id, String sellerId, String sku, String title, @Nullable String imageUrl, long price,
		String currency, int stock, long stockLeft, long sold, int perUserLimit, Instant startsAt, Instant endsAt,
		Duration payWindow, String status, String topic, Instant serverTime, @Nullable ShareCoupon shareCoupon,
		int buckets) implements CampaignType.Viewed {

	static FlashSaleView of(Campaign sale, LiveCounters live, int buckets) {
		CampaignTerms terms = sale.terms();
		return new FlashSaleView(sale.id().value(), sale.sellerId(), terms.sku(), terms.title(), terms.imageUrl(),
				terms.price().minor(), terms.price().currency(), terms.stock(), live.state().stockLeft(),
				live.state().sold(), terms.perUserLimit(), terms.startsAt(), terms.endsAt(), terms.payWindow(),
				live.state().status(), FlashSaleType.KIND.topicPrefix() + ":" + sale.id(),
				Instant.ofEpochMilli(live.serverTime()), sale.terms().shareCoupon(), buckets);
	}

	/**
	 * The state {@code view} in {@code flash_sale_lib.lua} shows, for a sale without hot
	 * state (its keys retired, or Redis lost them): the record knows what it sold. The
	 * seq lived in Redis only, so a watcher then starts at 0.
	 */
	static Map<String, Object> recordedState(Campaign sale, long sold, Instant now) {
		CampaignTerms terms = sale.terms();
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("id", sale.id().value());
		state.put("status", sale.statusAt(now, sold));
		state.put("stock", terms.stock());
		state.put("stockLeft", terms.stock() - sold);
		state.put("sold", sold);
		state.put("startsAt", terms.startsAt().toEpochMilli());
		state.put("endsAt", terms.endsAt().toEpochMilli());
		state.put("price", terms.price().minor());
		state.put("currency", terms.price().currency());
		state.put("perUserLimit", terms.perUserLimit());
		state.put("seq", 0);
		return state;
	}

	/**
	 * The live message the scripts produce.
	 *
	 * @param seq sequence number
	 * @param serverTime Redis time
	 * @param state counters
	 */
	record LiveCounters(long seq, long serverTime, Counters state) {
	}

	/**
	 * Counters of the live message.
	 *
	 * @param status computed status
	 * @param stockLeft units left
	 * @param sold units reserved or paid
	 */
	record Counters(String status, long stockLeft, long sold) {
	}

}
