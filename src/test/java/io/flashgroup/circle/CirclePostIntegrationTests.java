package io.flashgroup.circle;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Sharing a paid order: the post, and each rule of sharing. */
class CirclePostIntegrationTests extends CircleTestSupport {

	@Autowired
	private RefundedPosts refunded;

	@Test
	void sharesAPaidOrderOnceAndReplaysItsKey() {
		long sale = shareableSale(5, "SKU-EAR", "降噪蓝牙耳机 Pro");
		String author = user("alice");
		String token = token(author, "SHOPPER");
		String orderId = paidOrder(sale, token);

		JsonNode post = json(share(token, orderId, 5, "Quiet on the train", "k1"), 201);
		assertThat(post.path("sharer").path("displayName").asString()).isEqualTo(author);
		assertThat(post.path("product").path("title").asString()).isEqualTo("降噪蓝牙耳机 Pro");
		assertThat(post.path("product").path("campaignId").asLong()).isEqualTo(sale);
		assertThat(post.path("coupon").path("discount").path("amount").asLong()).isEqualTo(500);
		assertThat(post.path("coupon").path("validForMs").asLong()).isEqualTo(Duration.ofDays(7).toMillis());
		assertThat(post.path("claimsLeft").asInt()).isEqualTo(5);
		assertThat(post.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(post.path("rating").asInt()).isEqualTo(5);
		assertThat(post.has("orderId")).isFalse();
		assertThat(post.toString()).doesNotContain(orderId);
		long postId = post.path("id").asLong();
		assertThat(Math.floorMod(postId, 16L)).isEqualTo(Math.floorMod(orderId.hashCode(), 16));

		assertThat(json(share(token, orderId, 5, "Quiet on the train", "k1"), 201).path("id").asLong())
			.isEqualTo(postId);
		JsonNode again = json(share(token, orderId, 4, "Again", "k2"), 409);
		assertThat(again.path("type").asString()).endsWith("/already-shared");
		assertThat(again.path("postId").asLong()).isEqualTo(postId);

		awaitPostRow(postId, 1);
		Map<String, Object> row = this.db
			.sql("SELECT author_id, author_name, order_id::text AS order_id, currency, search_text, "
					+ "array_length(search_bigrams, 1) AS bigrams, claims_left FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(row).containsEntry("author_id", author)
			.containsEntry("author_name", author)
			.containsEntry("order_id", orderId)
			.containsEntry("currency", "EUR")
			.containsEntry("search_text", "降噪蓝牙耳机 pro\nsku-ear\nquiet on the train")
			.containsEntry("claims_left", 5);
	}

	@Test
	void refusesOrdersThatAreNotTheCallersNotPaidOrWithoutShareCoupon() {
		long sale = shareableSale(5);
		String alice = token(user("alice"), "SHOPPER");
		String orderId = paidOrder(sale, alice);
		String bob = token(user("bob"), "SHOPPER");
		assertThat(json(share(bob, orderId, 5, "", "k"), 404).path("type").asString()).endsWith("/order-not-found");
		assertThat(json(share(bob, "not-an-order", 5, "", "k"), 404).path("type").asString())
			.endsWith("/order-not-found");

		String reserved = json(purchase(sale, alice, 1, "reserve-only"), 201).path("id").asString();
		assertThat(json(share(alice, reserved, 5, "", "k"), 409).path("type").asString()).endsWith("/order-not-paid");

		long plain = liveSale(10, 1);
		String plainOrder = paidOrder(plain, alice);
		assertThat(json(share(alice, plainOrder, 5, "", "k"), 409).path("type").asString())
			.endsWith("/no-share-coupon");

		assertThat(json(share(alice, orderId, 6, "", "k"), 400).path("type").asString()).endsWith("/validation");
		assertThat(json(share(alice, orderId, 0, "", "k"), 400).path("type").asString()).endsWith("/validation");
		assertThat(json(share(alice, orderId, 5, "x".repeat(501), "k"), 400).path("type").asString())
			.endsWith("/validation");
		assertThat(json(share(alice, orderId, 5, "two\nlines", "k"), 400).path("type").asString())
			.endsWith("/validation");
		JsonNode noKey = json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 5))
			.exchange(), 400);
		assertThat(noKey.path("type").asString()).endsWith("/idempotency-key-required");
		// None of the refusals used the order up.
		json(share(alice, orderId, 5, "x".repeat(500), "k"), 201);
	}

	@Test
	void aPostOfARefundedOrderIsWithdrawnAndARefundedOrderCannotBeShared() {
		long sale = shareableSale(5);
		String author = user("alice");
		String token = token(author, "SHOPPER");
		String orderId = paidOrder(sale, token);
		long postId = json(share(token, orderId, 5, "", "k"), 201).path("id").asLong();
		awaitPostRow(postId, 1);
		// The order as the refund path leaves it in PostgreSQL (the worker reads the
		// record).
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> Long.valueOf(1)
				.equals(this.db
					.sql("UPDATE orders SET status = 'REFUNDED', version = version + 100 WHERE id = $1::uuid "
							+ "AND status = 'PAID'")
					.bind(0, orderId)
					.fetch()
					.rowsUpdated()
					.block(Duration.ofSeconds(10))));

		// This pass, or the node's own one (every 2 s) if it came first, withdraws it.
		this.refunded.withdrawRefunded().block(Duration.ofSeconds(20));

		JsonNode view = json(get("/api/circle/posts/" + postId, token), 200);
		assertThat(view.path("status").asString()).isEqualTo("WITHDRAWN");
		assertThat(view.path("claimsLeft").asInt()).isZero();
		awaitPostRow(postId, 2);
	}

}
