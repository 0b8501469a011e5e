package io.flashgroup;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create-request bodies for every kind: the terms all kinds share written once, each
 * kind's own fields on top. Bodies are mutable, so a test can change or drop a field.
 */
public final class CampaignBodies {

	private CampaignBodies() {
	}

	/** The shared terms, live from five seconds ago until {@code endsAt}. */
	public static Map<String, Object> terms(String sku, String title, int stock, Instant endsAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sku", sku);
		body.put("title", title);
		body.put("currency", "EUR");
		body.put("stock", stock);
		body.put("startsAt", Instant.now().minusSeconds(5).toString());
		body.put("endsAt", endsAt.toString());
		return body;
	}

	/** A flash sale live for an hour at 19.99. */
	public static Map<String, Object> flashSale(int stock, int perUserLimit) {
		Map<String, Object> body = terms("SKU-1", "Test item", stock, inAnHour());
		body.put("price", 1999);
		body.put("perUserLimit", perUserLimit);
		return body;
	}

	/** A group buy live for an hour: members pay 10.00, groups stay open 30 minutes. */
	public static Map<String, Object> groupBuy(int groupSize, int stock) {
		Map<String, Object> body = terms("SKU-G", "Tea set for friends", stock, inAnHour());
		body.put("groupPrice", 1000);
		body.put("groupSize", groupSize);
		body.put("groupTtl", Duration.ofMinutes(30).toString());
		return body;
	}

	/**
	 * A bargain live for an hour: sessions start at {@code listPrice}, last 30 minutes.
	 */
	public static Map<String, Object> bargain(long listPrice, long floorPrice, int helpersNeeded, int stock) {
		Map<String, Object> body = terms("SKU-B", "Rice cooker", stock, inAnHour());
		body.put("listPrice", listPrice);
		body.put("floorPrice", floorPrice);
		body.put("helpersNeeded", helpersNeeded);
		body.put("sessionTtl", Duration.ofMinutes(30).toString());
		return body;
	}

	private static Instant inAnHour() {
		return Instant.now().plusSeconds(3600);
	}

}
