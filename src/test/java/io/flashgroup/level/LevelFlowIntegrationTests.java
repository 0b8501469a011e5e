package io.flashgroup.level;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Experience earned through the circle end to end: the flusher records shares, claims and
 * purchases with the rows proving them; refunds take them back; the feed shows the
 * sharer's level; {@code circle:me} pushes a shopper's new level to them alone.
 */
class LevelFlowIntegrationTests extends LevelTestSupport {

	@Autowired
	private RefundedPurchases refundedPurchases;

	@Test
	void aShareAndAFriendsClaimEarnXpAndTheFeedShowsTheSharersLevel() {
		long sale = shareableSale();
		String sharer = user("sharer");
		String friend = user("friend");
		befriend(sharer, friend, Duration.ofDays(2));
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sale, sharerToken).path("id").asLong();
		await().atMost(WAIT).until(() -> myLevel(sharerToken).path("xp").asLong() == 5);

		String couponId = claim(postId, friendToken).path("id").asString();
		await().atMost(WAIT).until(() -> myLevel(sharerToken).path("xp").asLong() == 15);
		assertThat(ledger(sharer)).extracting((e) -> e.get("business_id"))
			.containsExactly("share:" + postId, "claim:" + couponId);

		// Fifty more from earlier days: level 1.
		for (int day = 1; day <= 10; day++) {
			record(XpEvent.share(postId(), sharer, Instant.now().minus(Duration.ofDays(day)).toEpochMilli()));
		}
		JsonNode item = get("/api/circle/feed", friendToken).path("items").get(0);
		assertThat(item.path("id").asLong()).isEqualTo(postId);
		assertThat(item.path("sharer").path("level").asInt()).isEqualTo(1);
		assertThat(get("/api/circle/posts/" + postId, friendToken).path("sharer").path("level").asInt()).isEqualTo(1);
		JsonNode mine = myLevel(sharerToken);
		assertThat(mine.path("level").asInt()).isEqualTo(1);
		assertThat(mine.path("xp").asLong()).isEqualTo(65);
		assertThat(mine.path("nextThreshold").asInt()).isEqualTo(150);
	}

	@Test
	void aWithdrawnPostTakesItsShareXpBack() {
		long sale = shareableSale();
		String sharer = user("sharer");
		String token = token(sharer, "SHOPPER");
		String orderId = order(sale, token);
		pay(orderId, token);
		long postId = json(client().post()
			.uri("/api/circle/posts")
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", "share-" + unique())
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 4))
			.exchange(), 201).path("id").asLong();
		await().atMost(WAIT).until(() -> myLevel(token).path("xp").asLong() == 5);

		refundInPostgres(orderId);

		// The circle's refund pass withdraws the post; its WITHDRAWN version reverses the
		// share.
		await().atMost(WAIT).until(() -> myLevel(token).path("xp").asLong() == 0);
		assertThat(ledger(sharer)).extracting((e) -> e.get("business_id"))
			.containsExactly("share:" + postId, "reversal:share:" + postId);
		assertThat(myLevel(token).path("recent").get(1).path("status").asString()).isEqualTo("REVERSED");
	}

	@Test
	void aFriendsPurchaseWithTheCouponIsPendingAndItsRefundReversesIt() {
		long sale = shareableSale();
		String sharer = user("sharer");
		String friend = user("friend");
		befriend(sharer, friend, Duration.ofDays(2));
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sale, sharerToken).path("id").asLong();
		String couponId = claim(postId, friendToken).path("id").asString();
		String friendsOrder = order(sale, friendToken);
		payWith(friendsOrder, couponId, friendToken);

		await().atMost(WAIT).until(() -> myLevel(sharerToken).path("pendingXp").asLong() == 30);
		JsonNode level = myLevel(sharerToken);
		assertThat(level.path("xp").asLong()).isEqualTo(15);
		assertThat(level.path("recent").get(0).path("kind").asString()).isEqualTo("PURCHASE");
		assertThat(level.path("recent").get(0).path("status").asString()).isEqualTo("PENDING");

		refundInPostgres(friendsOrder);
		await().atMost(WAIT).until(() -> {
			this.refundedPurchases.settle().block(WAIT);
			return myLevel(sharerToken).path("pendingXp").asLong() == 0;
		});
		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries).extracting((e) -> e.get("business_id"))
			.containsExactly("share:" + postId, "claim:" + couponId, "purchase:" + couponId,
					"reversal:purchase:" + couponId);
		assertThat(entries.get(3).get("amount")).isEqualTo(-30);
		// Another pass adds nothing.
		this.refundedPurchases.settle().block(WAIT);
		assertThat(ledger(sharer)).hasSize(4);
	}

	@Test
	void circleMePushesAShoppersNewLevelToThemAlone() {
		long sale = shareableSale();
		String sharer = user("sharer");
		String other = user("other");
		befriend(sharer, other, Duration.ofDays(2));
		String sharerToken = token(sharer, "SHOPPER");
		for (int day = 1; day <= 10; day++) {
			record(XpEvent.share(postId(), sharer, Instant.now().minus(Duration.ofDays(day)).toEpochMilli()));
		}
		try (Watcher mine = watchMe(sharerToken); Watcher others = watchMe(token(other, "SHOPPER"))) {
			for (Watcher watcher : List.of(mine, others)) {
				await().atMost(WAIT)
					.until(() -> watcher.received()
						.stream()
						.anyMatch((m) -> "snapshot".equals(m.path("type").asString())));
			}
			post(sale, sharerToken);

			await().atMost(WAIT).until(() -> levelEvent(mine) != null);
			JsonNode event = levelEvent(mine);
			assertThat(event.propertyNames()).containsExactlyInAnyOrder("event", "level", "xp");
			assertThat(event.path("level").asInt()).isEqualTo(1);
			assertThat(event.path("xp").asLong()).isEqualTo(55);
			assertThat(levelEvent(others)).isNull();
		}
	}

	private Watcher watchMe(String token) {
		return watch("{\"op\":\"subscribe\",\"topic\":\"circle:me\",\"token\":\"" + token + "\"}");
	}

	private static JsonNode levelEvent(Watcher watcher) {
		return watcher.received()
			.stream()
			.filter((m) -> "circle:me".equals(m.path("topic").asString()))
			.map((m) -> m.path("state"))
			.filter((state) -> "level".equals(state.path("event").asString()))
			.findFirst()
			.orElse(null);
	}

	/**
	 * The order as the refund path leaves it in PostgreSQL (the passes read the record).
	 */
	private void refundInPostgres(String orderId) {
		await().atMost(WAIT)
			.until(() -> Long.valueOf(1)
				.equals(this.db
					.sql("UPDATE orders SET status = 'REFUNDED', version = version + 100 WHERE id = $1::uuid "
							+ "AND status = 'PAID'")
					.bind(0, orderId)
					.fetch()
					.rowsUpdated()
					.block(WAIT)));
	}

}
