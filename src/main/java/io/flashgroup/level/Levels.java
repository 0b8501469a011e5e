package io.flashgroup.level;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Shoppers' levels, for the feed (beside a sharer's name), giveaways (minimum level,
 * weights) and {@code GET /api/me/level}: the thresholds their settled XP (the ledger's
 * entries whose {@code settles_at} has passed) reaches.
 */
@Service
public class Levels {

	private static final String SETTLED = """
			SELECT user_id, sum(amount) AS xp FROM xp_ledger
			WHERE user_id = ANY($1) AND settles_at <= now() GROUP BY user_id
			""";

	private static final String TOTALS = """
			SELECT coalesce(sum(amount) FILTER (WHERE settles_at <= now()), 0) AS xp,
			       coalesce(sum(amount) FILTER (WHERE settles_at > now()), 0) AS pending
			FROM xp_ledger WHERE user_id = $1
			""";

	private static final String RECENT = """
			SELECT l.kind, l.amount, l.reason, l.occurred_at, l.settles_at, l.settles_at <= now() AS settled,
			       EXISTS (SELECT 1 FROM xp_ledger r WHERE r.reverses = l.business_id) AS reversed
			FROM xp_ledger l WHERE l.user_id = $1 ORDER BY l.id DESC LIMIT $2
			""";

	private final DatabaseClient db;

	private final LevelProperties properties;

	Levels(DatabaseClient db, LevelProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	/** The shopper's current level (0 for a shopper without settled experience). */
	public Mono<Integer> levelOf(String userId) {
		return levelsOf(List.of(userId)).map((levels) -> levels.get(userId));
	}

	/** The levels of several shoppers at once (each present in the answer). */
	public Mono<Map<String, Integer>> levelsOf(Collection<String> userIds) {
		return settledXp(userIds).map((xp) -> {
			Map<String, Integer> levels = new HashMap<>();
			xp.forEach((user, points) -> levels.put(user, this.properties.levelAt(points)));
			return levels;
		});
	}

	/** The highest level the thresholds define (levels run 0 to this). */
	public int highestLevel() {
		return this.properties.thresholds().size();
	}

	/** Settled XP of each shopper (0 without entries), one query. */
	Mono<Map<String, Long>> settledXp(Collection<String> userIds) {
		Map<String, Long> xp = new HashMap<>();
		userIds.forEach((user) -> xp.put(user, 0L));
		if (xp.isEmpty()) {
			return Mono.just(xp);
		}
		return this.db.sql(SETTLED)
			.bind(0, xp.keySet().toArray(String[]::new))
			.map((row) -> Map.entry(row.get("user_id", String.class), row.get("xp", Long.class)))
			.all()
			.doOnNext((entry) -> xp.put(entry.getKey(), entry.getValue()))
			.then(Mono.fromSupplier(() -> xp));
	}

	/** The shopper's level, XP and recent entries. */
	Mono<MyLevel> standing(String userId) {
		Mono<long[]> totals = this.db.sql(TOTALS)
			.bind(0, userId)
			.map((row) -> new long[] { row.get("xp", Long.class), row.get("pending", Long.class) })
			.one();
		Mono<List<MyLevel.Entry>> recent = this.db.sql(RECENT)
			.bind(0, userId)
			.bind(1, this.properties.recent())
			.map((row) -> new MyLevel.Entry(row.get("kind", String.class), row.get("amount", Integer.class),
					status(row.get("reversed", Boolean.class), row.get("settled", Boolean.class)),
					row.get("reason", String.class), row.get("occurred_at", Instant.class),
					row.get("settles_at", Instant.class)))
			.all()
			.collectList();
		return Mono.zip(totals, recent).map((both) -> {
			long xp = both.getT1()[0];
			return new MyLevel(this.properties.levelAt(xp), xp, both.getT1()[1], this.properties.nextThreshold(xp),
					both.getT2());
		});
	}

	private static String status(Boolean reversed, Boolean settled) {
		if (Boolean.TRUE.equals(reversed)) {
			return "REVERSED";
		}
		return Boolean.TRUE.equals(settled) ? "SETTLED" : "PENDING";
	}

}
