package io.flashgroup.level;

import java.time.Instant;
import java.util.List;

import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.flashgroup.shared.Passes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The settle pass, on every node: reverses the purchase XP of orders refunded after they
 * were paid with a coupon (harmless twice: a reversal's business id is unique), and
 * announces the levels of shoppers whose pending purchases settled since the last pass of
 * any node (the passes share one watermark in Redis, so each interval is announced once).
 * A hook in the refund path would be quicker, but would make orders depend on levels.
 */
@Component
class RefundedPurchases implements SmartLifecycle {

	static final String WATERMARK = "levels:settled-until";

	private static final Logger log = LoggerFactory.getLogger(RefundedPurchases.class);

	private static final String REFUNDED = """
			SELECT l.user_id, o.coupon_id FROM orders o
			JOIN xp_ledger l ON l.business_id = 'purchase:' || o.coupon_id
			WHERE o.status = 'REFUNDED' AND o.coupon_id IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM xp_ledger r WHERE r.reverses = l.business_id)
			LIMIT 500
			""";

	private static final String SETTLED = """
			SELECT DISTINCT user_id FROM xp_ledger
			WHERE kind = 'PURCHASE' AND settles_at > $1 AND settles_at <= $2
			""";

	private final DatabaseClient db;

	private final Experience experience;

	private final TransactionalOperator transaction;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ServerClock clock;

	private final LevelProperties properties;

	private volatile Disposable loop = Disposables.disposed();

	RefundedPurchases(DatabaseClient db, Experience experience, TransactionalOperator transaction,
			RedisClusterReactiveCommands<String, String> redis, ServerClock clock, LevelProperties properties) {
		this.db = db;
		this.experience = experience;
		this.transaction = transaction;
		this.redis = redis;
		this.clock = clock;
		this.properties = properties;
	}

	/** One pass: the number of purchases it reversed. */
	Mono<Integer> settle() {
		return reverseRefunded().flatMap((reversed) -> announceSettled().thenReturn(reversed));
	}

	private Mono<Integer> reverseRefunded() {
		return this.db.sql(REFUNDED)
			.map((row) -> XpEvent.purchaseRefunded(row.get("coupon_id", String.class),
					row.get("user_id", String.class)))
			.all()
			.collectList()
			.flatMap((events) -> this.transaction.transactional(this.experience.record(events))
				.flatMap((users) -> this.experience.announce(users))
				.thenReturn(events.size()));
	}

	private Mono<Void> announceSettled() {
		long now = this.clock.millis();
		return this.redis.setGet(WATERMARK, Long.toString(now))
			.flatMapMany((previous) -> this.db.sql(SETTLED)
				.bind(0, Instant.ofEpochMilli(Long.parseLong(previous)))
				.bind(1, Instant.ofEpochMilli(now))
				.map((row) -> row.get("user_id", String.class))
				.all())
			.collectList()
			.flatMap((List<String> users) -> this.experience.announce(users));
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.settleInterval(), this::settle, log, "Experience settle");
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

}
