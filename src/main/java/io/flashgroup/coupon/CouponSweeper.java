package io.flashgroup.coupon;

import java.time.Duration;
import java.util.Optional;

import io.flashgroup.order.OrderService;
import io.flashgroup.shared.Passes;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends coupon locks whose pay attempt crashed or stalled: every lock older than the grace
 * period is settled by its order's fate ({@link Coupons#settle}), so a coupon ends unused
 * or USED by exactly the one order paid with it. Every node runs one; settling is
 * harmless twice. A lock whose order cannot be read (Redis lost it and PostgreSQL has not
 * got it yet) is left for a later pass: releasing it could let a second order use the
 * coupon.
 */
@Component
class CouponSweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CouponSweeper.class);

	private final RedisClusterReactiveCommands<String, String> redis;

	private final Coupons coupons;

	private final OrderService orders;

	private final ServerClock clock;

	private final CouponProperties properties;

	private volatile Disposable loop = Disposables.disposed();

	CouponSweeper(RedisClusterReactiveCommands<String, String> redis, Coupons coupons, OrderService orders,
			ServerClock clock, CouponProperties properties) {
		this.redis = redis;
		this.coupons = coupons;
		this.orders = orders;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.sweepInterval(), () -> sweep(this.properties.lockGrace()), log,
				"Coupon lock sweep");
	}

	/** One pass over the locks of every slot older than {@code grace}. */
	Mono<Void> sweep(Duration grace) {
		long before = this.clock.millis() - grace.toMillis();
		return Flux.range(0, CircleSlot.COUNT)
			.map(CircleSlot::new)
			.concatMap((slot) -> staleLocks(slot, before).concatMap((couponId) -> settleIsolated(slot, couponId)))
			.then();
	}

	private Flux<String> staleLocks(CircleSlot slot, long before) {
		return this.redis.zrangebyscore(slot.locks(), Range.create(0, (double) before),
				Limit.create(0, this.properties.sweepBatch()));
	}

	/** One lock; its failure is logged and holds back no other lock. */
	private Mono<Void> settleIsolated(CircleSlot slot, String couponId) {
		return settle(slot, couponId).onErrorResume((ex) -> {
			log.warn("Sweeping the lock of coupon {} failed: {}", couponId, ex.toString());
			return Mono.empty();
		});
	}

	private Mono<Void> settle(CircleSlot slot, String couponId) {
		return this.coupons.find(couponId)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> found.map(this::settle)
				// A lock entry whose coupon is gone: nothing to settle.
				.orElseGet(() -> this.redis.zrem(slot.locks(), couponId).then()));
	}

	private Mono<Void> settle(Coupon coupon) {
		String orderId = coupon.lockedBy();
		if (!"LOCKED".equals(coupon.status()) || orderId == null || orderId.isEmpty()) {
			return Mono.empty();
		}
		return this.orders.find(orderId, "", true).flatMap((order) -> this.coupons.settle(order, coupon.id()));
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
