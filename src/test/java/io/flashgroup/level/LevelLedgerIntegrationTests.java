package io.flashgroup.level;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ledger's rules against the real PostgreSQL function, with the default amounts
 * (share 5, claim 10, purchase 30, daily cap 100, friendships a day old).
 */
class LevelLedgerIntegrationTests extends LevelTestSupport {

	/**
	 * A fixed UTC day in the past, so "today" is under the test's control (friendships
	 * here are older).
	 */
	private static final Instant DAY = Instant.parse("2026-03-10T08:00:00Z");

	@Autowired
	private Levels levels;

	@Autowired
	private LevelProperties properties;

	@Autowired
	private RedisClusterReactiveCommands<String, String> commands;

	@Autowired
	private ServerClock clock;

	@Autowired
	private JsonMapper mapper;

	@Test
	void countsAnEventOnceWhenConcurrentFlushersRecordItAtOnce() {
		String sharer = user("sharer");
		String friend = user("friend");
		befriend(sharer, friend, Duration.ofDays(400));
		String coupon = unique() + "-1";
		long post = postId();
		XpEvent[] batch = { XpEvent.share(post, sharer, DAY.toEpochMilli()),
				XpEvent.claim(coupon, sharer, friend, DAY.toEpochMilli()), XpEvent.purchase(coupon, sharer, friend) };
		// Eight transactions carrying the same three events, truly at once.
		Flux.range(0, 8)
			.parallel(8)
			.runOn(Schedulers.boundedElastic())
			.flatMap((i) -> this.transaction.transactional(this.experience.record(List.of(batch))))
			.sequential()
			.collectList()
			.block(WAIT);

		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries).extracting((e) -> e.get("business_id"))
			.containsExactly("share:" + post, "claim:" + coupon, "purchase:" + coupon);
		assertThat(entries).extracting((e) -> e.get("amount")).containsExactly(5, 10, 30);
	}

	@Test
	void capsTheXpOfADayAndCutsTheEntryThatCrossesTheCap() {
		String sharer = user("sharer");
		for (int i = 0; i < 19; i++) {
			record(XpEvent.share(postId(), sharer, DAY.plusSeconds(i).toEpochMilli()));
		}
		String friend = user("friend");
		befriend(sharer, friend, Duration.ofDays(400));
		// 95 earned: a claim worth 10 gets the 5 left, then nothing more that day.
		record(XpEvent.claim(unique() + "-1", sharer, friend, DAY.plusSeconds(100).toEpochMilli()),
				XpEvent.share(postId(), sharer, DAY.plusSeconds(101).toEpochMilli()),
				XpEvent.share(postId(), sharer, DAY.plus(Duration.ofDays(1)).toEpochMilli()));

		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries.subList(19, 22)).extracting((e) -> e.get("amount")).containsExactly(5, 0, 5);
		assertThat(entries.subList(19, 22)).extracting((e) -> e.get("reason"))
			.containsExactly("DAILY_CAP", "DAILY_CAP", null);
		assertThat(this.levels.settledXp(List.of(sharer)).block(WAIT)).containsEntry(sharer, 105L);
	}

	@Test
	void countsAFriendsClaimsOncePerDayAndTheirPurchaseApart() {
		String sharer = user("sharer");
		String friend = user("friend");
		String other = user("other");
		befriend(sharer, friend, Duration.ofDays(400));
		befriend(sharer, other, Duration.ofDays(400));
		long at = DAY.toEpochMilli();
		record(XpEvent.claim("a-1", sharer, friend, at), XpEvent.claim("b-1", sharer, friend, at + 1000),
				XpEvent.claim("c-1", sharer, other, at + 2000), XpEvent.purchase("a-1", sharer, friend),
				XpEvent.claim("d-1", sharer, friend, DAY.plus(Duration.ofDays(1)).toEpochMilli()));

		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries).extracting((e) -> e.get("amount")).containsExactly(10, 0, 10, 30, 10);
		assertThat(entries.get(1).get("reason")).isEqualTo("SAME_FRIEND_TODAY");
	}

	@Test
	void countsAClaimOnlyThroughFriendshipsOldEnoughAtClaimTime() {
		String sharer = user("sharer");
		String newFriend = user("new");
		String oldFriend = user("old");
		String friendOfFriend = user("fof");
		String stranger = user("stranger");
		befriend(sharer, newFriend, Duration.ofHours(1));
		befriend(sharer, oldFriend, Duration.ofDays(2));
		befriend(oldFriend, friendOfFriend, Duration.ofDays(2));
		long now = Instant.now().toEpochMilli();
		record(XpEvent.claim("n-1", sharer, newFriend, now), XpEvent.claim("o-1", sharer, oldFriend, now),
				XpEvent.claim("f-1", sharer, friendOfFriend, now), XpEvent.claim("s-1", sharer, stranger, now));

		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries).extracting((e) -> e.get("amount")).containsExactly(0, 10, 10, 0);
		assertThat(entries).extracting((e) -> e.get("reason"))
			.containsExactly("NEW_FRIENDSHIP", null, null, "NEW_FRIENDSHIP");
	}

	@Test
	void reversesAWithdrawnShareOnceAndTheLevelDropsBack() {
		String sharer = user("sharer");
		long first = postId();
		record(XpEvent.share(first, sharer, DAY.toEpochMilli()));
		for (int i = 1; i < 10; i++) {
			record(XpEvent.share(postId(), sharer, DAY.plusSeconds(i).toEpochMilli()));
		}
		assertThat(this.levels.levelOf(sharer).block(WAIT)).isEqualTo(1);

		record(XpEvent.shareWithdrawn(first, sharer));
		record(XpEvent.shareWithdrawn(first, sharer), XpEvent.shareWithdrawn(postId(), sharer));

		List<Map<String, Object>> entries = ledger(sharer);
		assertThat(entries).hasSize(11);
		assertThat(entries.get(10)).containsEntry("kind", "REVERSAL")
			.containsEntry("amount", -5)
			.containsEntry("reverses", "share:" + first);
		assertThat(this.levels.levelOf(sharer).block(WAIT)).isZero();
		assertThat(myLevel(token(sharer, "SHOPPER")).path("recent").get(10).path("status").asString())
			.isEqualTo("REVERSED");
	}

	@Test
	void aPurchaseIsPendingUntilTheRefundWindowPassesThenSettles() {
		LevelProperties shortWindow = new LevelProperties(5, 10, 30, 100, Duration.ofDays(1), Duration.ofSeconds(2),
				this.properties.thresholds(), Duration.ofSeconds(5), 20);
		Experience experience = new Experience(this.db, this.levels, shortWindow, this.commands, this.clock,
				this.mapper);
		String sharer = user("sharer");
		String friend = user("friend");
		String token = token(sharer, "SHOPPER");

		record(experience, XpEvent.purchase("p-1", sharer, friend));

		var pending = myLevel(token);
		assertThat(pending.path("xp").asLong()).isZero();
		assertThat(pending.path("pendingXp").asLong()).isEqualTo(30);
		assertThat(pending.path("recent").get(0).path("status").asString()).isEqualTo("PENDING");
		await().atMost(WAIT).until(() -> myLevel(token).path("xp").asLong() == 30);
		var settled = myLevel(token);
		assertThat(settled.path("pendingXp").asLong()).isZero();
		assertThat(settled.path("recent").get(0).path("status").asString()).isEqualTo("SETTLED");
	}

	@Test
	void aRefundedPendingPurchaseNeverCounts() {
		LevelProperties shortWindow = new LevelProperties(5, 10, 30, 100, Duration.ofDays(1), Duration.ofSeconds(1),
				this.properties.thresholds(), Duration.ofSeconds(5), 20);
		Experience experience = new Experience(this.db, this.levels, shortWindow, this.commands, this.clock,
				this.mapper);
		String sharer = user("sharer");
		record(experience, XpEvent.purchase("r-1", sharer, user("friend")));
		record(experience, XpEvent.purchaseRefunded("r-1", sharer));

		var level = myLevel(token(sharer, "SHOPPER"));
		assertThat(level.path("pendingXp").asLong()).isZero();
		assertThat(level.path("recent").get(1).path("status").asString()).isEqualTo("REVERSED");
		// The reversal settles with the entry it reverses: never a negative balance.
		await().during(Duration.ofMillis(1500))
			.atMost(WAIT)
			.until(() -> this.levels.settledXp(List.of(sharer)).block(WAIT).get(sharer) == 0L);
	}

	@Test
	void theLedgerRefusesEditsAndDeletes() {
		String sharer = user("sharer");
		record(XpEvent.share(postId(), sharer, DAY.toEpochMilli()));

		assertThatThrownBy(() -> this.db.sql("UPDATE xp_ledger SET amount = 1000 WHERE user_id = $1")
			.bind(0, sharer)
			.then()
			.block(WAIT)).hasMessageContaining("append-only");
		assertThatThrownBy(
				() -> this.db.sql("DELETE FROM xp_ledger WHERE user_id = $1").bind(0, sharer).then().block(WAIT))
			.hasMessageContaining("append-only");
		assertThat(ledger(sharer)).hasSize(1);
	}

	@Test
	void reportsTheNextThresholdAndNoneAtTheTop() {
		String sharer = user("sharer");
		String token = token(sharer, "SHOPPER");
		assertThat(myLevel(token).path("level").asInt()).isZero();
		assertThat(myLevel(token).path("nextThreshold").asInt()).isEqualTo(50);
		IntStream.range(0, 30)
			.forEach((day) -> record(XpEvent.share(postId(), sharer, DAY.plus(Duration.ofDays(day)).toEpochMilli())));
		// 150 XP: level 2, the next at 400.
		var level = myLevel(token);
		assertThat(level.path("level").asInt()).isEqualTo(2);
		assertThat(level.path("xp").asLong()).isEqualTo(150);
		assertThat(level.path("nextThreshold").asInt()).isEqualTo(400);
		assertThat(level.path("recent")).hasSize(20);
	}

}
