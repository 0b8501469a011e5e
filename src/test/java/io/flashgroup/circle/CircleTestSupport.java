package io.flashgroup.circle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Helpers of the circle's tests: campaigns with share-coupon terms, paid orders, posts,
 * friendships inserted directly (one row per pair, the lower id first) and display names.
 */
abstract class CircleTestSupport extends IntegrationTestSupport {

	private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

	/** A user id no other test uses. */
	static String user(String name) {
		return name + "-" + Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	/** A flash sale live for an hour whose buyers may share a 5.00 coupon. */
	long shareableSale(int claimsPerShare) {
		return shareableSale(claimsPerShare, "SKU-1", "Test item");
	}

	/** The same with its own product. */
	long shareableSale(int claimsPerShare, String sku, String title) {
		Map<String, Object> body = CampaignBodies.flashSale(10_000, 5);
		body.put("sku", sku);
		body.put("title", title);
		body.put("shareCoupon", Map.of("discount", Map.of("amount", 500), "minSpend", 3000, "claimsPerShare",
				claimsPerShare, "scope", "SHOP"));
		return create("/api/flash-sales", user("seller"), body);
	}

	/** A paid order of the shopper in the sale; its id. */
	String paidOrder(long saleId, String shopperToken) {
		String orderId = json(purchase(saleId, shopperToken, 1, "buy-" + UNIQUE.incrementAndGet()), 201).path("id")
			.asString();
		pay(orderId, shopperToken);
		return orderId;
	}

	WebTestClient.ResponseSpec share(String token, String orderId, int rating, String note, String key) {
		return client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", rating, "note", note))
			.exchange();
	}

	/** Buys in the sale, pays and shares: the post. */
	JsonNode post(long saleId, String authorToken, String note) {
		String orderId = paidOrder(saleId, authorToken);
		return json(share(authorToken, orderId, 5, note, "share-" + UNIQUE.incrementAndGet()), 201);
	}

	WebTestClient.ResponseSpec claim(long postId, String token, String key) {
		return client().post()
			.uri("/api/circle/posts/{id}/claims", postId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", key)
			.exchange();
	}

	WebTestClient.ResponseSpec get(String path, String token) {
		return client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	void befriend(String a, String b) {
		this.db.sql("INSERT INTO friendships (user_low, user_high) VALUES ($1, $2) ON CONFLICT DO NOTHING")
			.bind(0, (a.compareTo(b) < 0) ? a : b)
			.bind(1, (a.compareTo(b) < 0) ? b : a)
			.then()
			.block(Duration.ofSeconds(10));
	}

	void name(String userId, String displayName) {
		this.db
			.sql("INSERT INTO circle_users (user_id, display_name) VALUES ($1, $2) ON CONFLICT (user_id) "
					+ "DO UPDATE SET display_name = excluded.display_name")
			.bind(0, userId)
			.bind(1, displayName)
			.then()
			.block(Duration.ofSeconds(10));
	}

	/** Waits until PostgreSQL holds the post at least at this version. */
	void awaitPostRow(long postId, int version) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			Integer stored = this.db.sql("SELECT version FROM circle_posts WHERE id = $1")
				.bind(0, postId)
				.map((row) -> row.get("version", Integer.class))
				.one()
				.block(Duration.ofSeconds(10));
			return stored != null && stored >= version;
		});
	}

}
