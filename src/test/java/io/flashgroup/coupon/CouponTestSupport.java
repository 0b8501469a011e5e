package io.flashgroup.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.RecordingPaymentGateway;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coupons made the way the circle's claim makes them (until it lands): the coupon JSON in
 * its slot's {@code coupons} hash and its id in the shopper's index. One shopper pays
 * many orders here, so the per-user rate limit is off.
 */
@TestPropertySource(properties = "flashgroup.rate-limits.enabled=false")
abstract class CouponTestSupport extends IntegrationTestSupport {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	RecordingPaymentGateway gateway;

	@Autowired
	Coupons coupons;

	@Autowired
	CouponSweeper sweeper;

	@Autowired
	OrderService orders;

	@Autowired
	JsonMapper json;

	/** A fixed-amount SHOP coupon of {@code seller}'s, valid for a day. */
	String giveCoupon(String userId, String seller, long amount, long minSpend) {
		return giveCoupon(userId, seller, "SKU-1", "SHOP", Map.of("amount", amount), minSpend,
				Instant.now().plus(Duration.ofDays(1)));
	}

	String giveCoupon(String userId, String seller, String sku, String scope, Map<String, Object> discount,
			long minSpend, Instant validUntil) {
		long postId = ThreadLocalRandom.current().nextLong(1, 1L << 40);
		String id = postId + "-1";
		Map<String, Object> terms = new LinkedHashMap<>();
		terms.put("discount", discount);
		terms.put("minSpend", minSpend);
		terms.put("validForMs", Duration.ofDays(7).toMillis());
		terms.put("claimsPerShare", 5);
		terms.put("scope", scope);
		Map<String, Object> coupon = new LinkedHashMap<>();
		coupon.put("id", id);
		coupon.put("postId", postId);
		coupon.put("userId", userId);
		coupon.put("sharerId", "sharer-of-" + userId);
		coupon.put("sellerId", seller);
		coupon.put("sku", sku);
		coupon.put("scope", scope);
		coupon.put("terms", terms);
		coupon.put("currency", "EUR");
		coupon.put("status", "AVAILABLE");
		coupon.put("claimedAt", System.currentTimeMillis());
		coupon.put("validUntil", validUntil.toEpochMilli());
		coupon.put("lockedBy", "");
		coupon.put("lockedAt", 0);
		coupon.put("usedBy", "");
		coupon.put("version", 1);
		CircleSlot slot = CircleSlot.ofPost(postId);
		this.redis.hset(slot.coupons(), id, this.json.writeValueAsString(coupon)).block(WAIT);
		this.redis.sadd(Coupons.indexKey(userId), id).block(WAIT);
		return id;
	}

	/** The coupon as Redis holds it. */
	JsonNode coupon(String couponId) {
		String stored = this.redis.hget(CircleSlot.ofPost(Coupon.postOf(couponId)).coupons(), couponId).block(WAIT);
		return this.json.readTree(stored);
	}

	boolean lockListed(String couponId) {
		return this.redis.zscore(CircleSlot.ofPost(Coupon.postOf(couponId)).locks(), couponId).block(WAIT) != null;
	}

	WebTestClient.ResponseSpec payWith(String orderId, String token, String couponId) {
		return client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("couponId", couponId))
			.exchange();
	}

	/** A new reservation of one unit; its id. */
	String reserve(long saleId, String token) {
		return json(purchase(saleId, token, 1, "k-" + System.nanoTime()), 201).path("id").asString();
	}

	Order stored(String orderId, String userId) {
		return this.orders.find(orderId, userId, false).block(WAIT);
	}

	/** Sweeps every lock, however young. */
	void sweep() {
		this.sweeper.sweep(Duration.ZERO).block(WAIT);
	}

	/** The order's row in PostgreSQL once the flusher wrote the given status. */
	Map<String, Object> orderRow(String orderId, String status) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(row(orderId)).isNotNull().containsEntry("status", status));
		return row(orderId);
	}

	private Map<String, Object> row(String orderId) {
		return this.db
			.sql("SELECT status, discount, coalesce(coupon_id, '') AS coupon_id FROM orders WHERE id = $1::uuid")
			.bind(0, orderId)
			.map((row) -> Map.<String, Object>of("status", row.get("status", String.class), "discount",
					row.get("discount", Long.class), "couponId", row.get("coupon_id", String.class)))
			.one()
			.block(WAIT);
	}

}
