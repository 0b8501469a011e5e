package io.flashgroup.circle;

import java.time.Duration;
import java.util.Map;

import io.flashgroup.coupon.CircleSlot;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circle flusher: a replayed older version changes nothing, and a record PostgreSQL
 * refuses is dead-lettered without holding back the others.
 */
class CircleFlusherIntegrationTests extends CircleTestSupport {

	@Test
	void aReplayedOlderVersionOfAPostChangesNothing() {
		long sale = shareableSale(3);
		String author = user("author");
		String friend = user("friend");
		befriend(author, friend);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		CircleSlot slot = CircleSlot.ofPost(postId);
		String first = this.redis.hget(slot.posts(), Long.toString(postId)).block();
		json(claim(postId, token(friend, "SHOPPER"), "k"), 201);
		awaitPostRow(postId, 2);

		this.redis.xadd(slot.outbox(), Map.of("post", first)).block();
		// Flushed entries are deleted: an empty stream means the replay was written.
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.xlen(slot.outbox()).block() == 0);
		assertThat(row(postId)).containsEntry("version", 2).containsEntry("claims_left", 2);
	}

	@Test
	void aRecordPostgresRefusesIsDeadLetteredAndTheOthersLand() {
		long sale = shareableSale(3);
		String author = user("author");
		String friend = user("friend");
		befriend(author, friend);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		CircleSlot slot = CircleSlot.ofPost(postId);
		String coupon = this.redis.hget(slot.coupons(), postId + "-1").block();
		assertThat(coupon).isNull();
		json(claim(postId, token(friend, "SHOPPER"), "k"), 201);
		String good = this.redis.hget(slot.coupons(), postId + "-1").block();
		// The same coupon under another id with a status the table refuses (CHECK).
		String poison = good.replace(postId + "-1", postId + "-99")
			.replace("\"AVAILABLE\"", "\"BOGUS\"")
			.replace("\"userId\":\"" + friend + "\"", "\"userId\":\"someone-else\"");
		this.redis.xadd(slot.outbox(), Map.of("coupon", poison)).block();

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.xrange(CircleFlusher.deadLetters(slot), io.lettuce.core.Range.create("-", "+"))
				.filter((entry) -> entry.getBody().getOrDefault("coupon", "").contains(postId + "-99"))
				.hasElements()
				.block());
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.db.sql("SELECT count(*) AS n FROM coupons WHERE post_id = $1")
				.bind(0, postId)
				.map((row) -> row.get("n", Long.class))
				.one()
				.block() == 1L);
		assertThat(this.redis.xrange(CircleFlusher.deadLetters(slot), io.lettuce.core.Range.create("-", "+"))
			.filter((entry) -> entry.getBody().getOrDefault("coupon", "").contains(postId + "-99"))
			.blockFirst()
			.getBody()
			.get("error")).contains("23514");
	}

	private Map<String, Object> row(long postId) {
		return this.db.sql("SELECT version, claims_left FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
	}

}
