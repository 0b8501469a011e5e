package io.flashgroup.level;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Helpers of the level tests: fresh users, friendships of a chosen age, the circle's
 * share/claim/pay steps over HTTP, a shopper's {@code GET /api/me/level}, and ledger rows
 * read straight from PostgreSQL.
 */
abstract class LevelTestSupport extends IntegrationTestSupport {

	static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

	@Autowired
	Experience experience;

	@Autowired
	TransactionalOperator transaction;

	/** A user id no other test uses. */
	static String user(String name) {
		return name + "-" + Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	static String unique() {
		return Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	/**
	 * A post id no real post and no other test has: business ids such as
	 * {@code share:<postId>} are unique across the whole ledger, and the other tests'
	 * posts (positive ids) share its database.
	 */
	static long postId() {
		return -1_000_000 - UNIQUE.incrementAndGet();
	}

	/** Befriends the two with a friendship that began {@code age} ago. */
	void befriend(String a, String b, Duration age) {
		this.db
			.sql("INSERT INTO friendships (user_low, user_high, since) VALUES ($1, $2, $3) "
					+ "ON CONFLICT (user_low, user_high) DO UPDATE SET since = excluded.since")
			.bind(0, (a.compareTo(b) < 0) ? a : b)
			.bind(1, (a.compareTo(b) < 0) ? b : a)
			.bind(2, Instant.now().minus(age))
			.then()
			.block(WAIT);
	}

	/**
	 * Records the events in one transaction, as the flusher does; the users announced.
	 */
	java.util.Set<String> record(XpEvent... events) {
		return record(this.experience, events);
	}

	java.util.Set<String> record(Experience experience, XpEvent... events) {
		return this.transaction.transactional(experience.record(List.of(events))).block(WAIT);
	}

	/** The shopper's ledger entries, oldest first: business id → amount. */
	List<Map<String, Object>> ledger(String userId) {
		return this.db
			.sql("SELECT business_id, kind, amount, reason, reverses FROM xp_ledger WHERE user_id = $1 ORDER BY id")
			.bind(0, userId)
			.fetch()
			.all()
			.collectList()
			.block(WAIT);
	}

	/** {@code GET /api/me/level} as the shopper. */
	JsonNode myLevel(String token) {
		return json(client().get().uri("/api/me/level").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(),
				200);
	}

	/** A flash sale live for an hour whose buyers may share a 5.00 coupon. */
	long shareableSale() {
		Map<String, Object> body = CampaignBodies.flashSale(10_000, 5);
		body.put("shareCoupon",
				Map.of("discount", Map.of("amount", 500), "minSpend", 0, "claimsPerShare", 5, "scope", "SHOP"));
		return create("/api/flash-sales", user("seller"), body);
	}

	/** Buys one unit; the order id. */
	String order(long sale, String token) {
		return json(purchase(sale, token, 1, "buy-" + unique()), 201).path("id").asString();
	}

	/** Buys, pays and shares: the post. */
	JsonNode post(long sale, String token) {
		String orderId = order(sale, token);
		pay(orderId, token);
		return json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "share-" + unique())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 5, "note", "good"))
			.exchange(), 201);
	}

	/** Claims a coupon of the post: the coupon. */
	JsonNode claim(long postId, String token) {
		return json(client().post()
			.uri("/api/circle/posts/{id}/claims", postId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "claim-" + unique())
			.exchange(), 201);
	}

	/** Pays the order with the coupon. */
	JsonNode payWith(String orderId, String couponId, String token) {
		return json(client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("couponId", couponId))
			.exchange(), 200);
	}

	JsonNode get(String path, String token) {
		return json(client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(), 200);
	}

}
