package io.flashgroup.circle;

import java.time.Duration;

import io.flashgroup.shared.Passes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Withdraws the posts whose order was refunded: a periodic pass on every node (the
 * withdraw script is harmless twice) over PostgreSQL, where both the posts and the orders
 * arrive through their outboxes. A post is withdrawn within one pass of both records
 * reaching PostgreSQL; claimed coupons stay valid. A hook in the refund path would be
 * quicker, but would make orders depend on the circle.
 */
@Component
class RefundedPosts implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(RefundedPosts.class);

	private final DatabaseClient db;

	private final PostService posts;

	private volatile Disposable loop = Disposables.disposed();

	RefundedPosts(DatabaseClient db, PostService posts) {
		this.db = db;
		this.posts = posts;
	}

	/** One pass: the number of posts it withdrew. */
	Mono<Integer> withdrawRefunded() {
		return this.db
			.sql("SELECT p.id FROM circle_posts p JOIN orders o ON o.id = p.order_id "
					+ "WHERE p.status = 'ACTIVE' AND o.status = 'REFUNDED' LIMIT 500")
			.map((row) -> row.get("id", Long.class))
			.all()
			.concatMap(this.posts::withdraw)
			.filter(Boolean::booleanValue)
			.count()
			.map(Long::intValue);
	}

	@Override
	public void start() {
		this.loop = Passes.every(INTERVAL, this::withdrawRefunded, log, "Refunded posts");
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
