package io.flashgroup.circle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashgroup.coupon.CircleSlot;
import io.lettuce.core.StreamMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circle flusher: a replayed older version changes nothing, a record PostgreSQL
 * refuses is dead-lettered without holding back the others, and two flushers writing the
 * same batch at once count its experience once.
 */
class CircleFlusherIntegrationTests extends CircleTestSupport {

	@Autowired
	private CircleFlusher flusher;

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

	@Test
	void twoFlushersWritingTheSameBatchAtOnceRecordItsExperienceOnce() {
		long sale = shareableSale(3);
		String author = user("author");
		String friend = user("friend");
		befriend(author, friend);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		json(claim(postId, token(friend, "SHOPPER"), "k"), 201);
		CircleSlot slot = CircleSlot.ofPost(postId);
		// A coupon no flusher has seen yet, claimed and used at once: a claim and a
		// purchase.
		String used = this.redis.hget(slot.coupons(), postId + "-1")
			.block()
			.replace(postId + "-1", postId + "-77")
			.replace("\"userId\":\"" + friend + "\"", "\"userId\":\"" + user("buyer") + "\"")
			.replace("\"AVAILABLE\"", "\"USED\"")
			.replace("\"usedBy\":\"\"", "\"usedBy\":\"" + UUID.randomUUID() + "\"");
		List<StreamMessage<String, String>> batch = List
			.of(new StreamMessage<>(slot.outbox(), "0-1", Map.of("coupon", used)));

		Mono.zip(this.flusher.write(slot, batch).subscribeOn(Schedulers.parallel()),
				this.flusher.write(slot, batch).subscribeOn(Schedulers.parallel()))
			.block(Duration.ofSeconds(20));

		Map<String, Object> entries = this.db
			.sql("SELECT count(*) FILTER (WHERE business_id = 'claim:' || $1) AS claims, "
					+ "count(*) FILTER (WHERE business_id = 'purchase:' || $1) AS purchases FROM xp_ledger "
					+ "WHERE user_id = $2")
			.bind(0, postId + "-77")
			.bind(1, author)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(entries).containsEntry("claims", 1L).containsEntry("purchases", 1L);
	}

	private Map<String, Object> row(long postId) {
		return this.db.sql("SELECT version, claims_left FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
	}

}
