package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.campaign.CampaignTerms;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public record FlashSaleView(long id, String sellerId, String sku, String title, @Nullable String imageUrl, long price,
		String currency, int stock, long stockLeft, long sold, int perUserLimit, Instant startsAt, Instant endsAt,
		Duration payWindow, String status, String topic, Instant serverTime) {

	static FlashSaleView of(FlashSale sale, LiveCounters live) {
		return new FlashSaleView(sale.id(), sale.sellerId(), sale.sku(), sale.title(), sale.imageUrl(),
				sale.price().minor(), sale.price().currency(), sale.stock(), live.state().stockLeft(),
				live.state().sold(), sale.perUserLimit(), sale.startsAt(), sale.endsAt(), sale.payWindow(),
				live.state().status(), FlashSale.topic(sale.id()), Instant.ofEpochMilli(live.serverTime()));
	}

	/**
	 * The counters of a sale whose keys retired: it is over, the record knows what it
	 * sold.
	 */
	static Counters retired(FlashSale sale, long sold) {
		return new Counters(CampaignTerms.statusAt(sale.cancelledAt() != null, Instant.now(), sale.startsAt(),
				sale.endsAt(), sold, sale.stock()), sale.stock() - sold, sold);
	}

	/**
	 * The state {@code view} in {@code flash_sale_lib.lua} shows, for a sale whose keys
	 * retired: the seq lived in Redis only, so a watcher after retirement starts at 0.
	 */
	static Map<String, Object> retiredState(FlashSale sale, long sold) {
		Counters counters = retired(sale, sold);
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("id", sale.id());
		state.put("status", counters.status());
		state.put("stock", sale.stock());
		state.put("stockLeft", counters.stockLeft());
		state.put("sold", counters.sold());
		state.put("startsAt", sale.startsAt().toEpochMilli());
		state.put("endsAt", sale.endsAt().toEpochMilli());
		state.put("price", sale.price().minor());
		state.put("currency", sale.price().currency());
		state.put("perUserLimit", sale.perUserLimit());
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
