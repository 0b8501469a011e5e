package io.flashgroup.coupon;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.order.Order;
import io.flashgroup.order.OrderService;
import io.flashgroup.order.OrderStatus;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * A shopper's coupons: the Redis index {@code {u:<id>}:coupons} (fresh, but written in a
 * second step after a claim) united with the PostgreSQL rows (complete once flushed, a
 * little behind), the freshest version of each coupon winning.
 */
@Component
class MyCoupons {

	private static final int LIMIT = 200;

	private static final String ROWS = """
			SELECT c.id, c.post_id, c.user_id, c.sharer_id, c.seller_id, c.sku, c.scope, c.terms::text AS terms,
			       coalesce(k.currency, '') AS currency, c.status, c.claimed_at, c.valid_until,
			       c.locked_by::text AS locked_by, c.used_by::text AS used_by, c.version
			FROM coupons c
			LEFT JOIN circle_posts p ON p.id = c.post_id
			LEFT JOIN campaigns k ON k.id = p.campaign_id
			WHERE c.user_id = $1
			ORDER BY c.claimed_at DESC
			LIMIT $2
			""";

	private final RedisClusterReactiveCommands<String, String> redis;

	private final DatabaseClient db;

	private final Coupons coupons;

	private final OrderService orders;

	private final ServerClock clock;

	MyCoupons(RedisClusterReactiveCommands<String, String> redis, DatabaseClient db, Coupons coupons,
			OrderService orders, ServerClock clock) {
		this.redis = redis;
		this.db = db;
		this.coupons = coupons;
		this.orders = orders;
		this.clock = clock;
	}

	/** Every coupon of the shopper, newest claim first. */
	Mono<List<CouponView>> all(String userId) {
		Instant now = this.clock.now();
		return withNames(userId).map((found) -> found.coupons()
			.stream()
			.map((coupon) -> CouponView.of(coupon, found.names().get(coupon.sharerId()), now, null))
			.toList());
	}

	/**
	 * The coupons the shopper could pay the order with now, each with the discount it
	 * would give: AVAILABLE (or locked by this very order), in scope, minimum spend met.
	 */
	Mono<List<CouponView>> applicableTo(String userId, String orderId) {
		Instant now = this.clock.now();
		return this.orders.find(orderId, userId, false)
			.flatMap(
					(order) -> withNames(userId)
						.flatMapMany((found) -> Flux.fromIterable(found.coupons())
							.filter((coupon) -> usableBy(coupon, order, now))
							.concatMap((coupon) -> this.coupons.discountOn(coupon, order)
								.map((discount) -> CouponView.of(coupon, found.names().get(coupon.sharerId()), now,
										discount))
								// Out of scope or below the minimum spend: not
								// applicable, so not listed.
								.onErrorResume((ex) -> Mono.empty())))
						.collectList());
	}

	private static boolean usableBy(Coupon coupon, Order order, Instant now) {
		String status = coupon.statusAt(now);
		boolean lockedByIt = "LOCKED".equals(status) && order.id().equals(coupon.lockedBy());
		return order.status() == OrderStatus.RESERVED && ("AVAILABLE".equals(status) || lockedByIt)
				&& now.toEpochMilli() < coupon.validUntil();
	}

	/** The union of Redis and PostgreSQL, the higher version of each coupon winning. */
	private Mono<List<Coupon>> freshest(String userId) {
		Flux<Coupon> hot = this.redis.smembers(Coupons.indexKey(userId))
			.flatMapSequential(this.coupons::find, 16)
			.filter((coupon) -> coupon.userId().equals(userId));
		Flux<Coupon> stored = this.db.sql(ROWS).bind(0, userId).bind(1, LIMIT).map(this::stored).all();
		return Flux.concat(hot, stored).collectList().map(MyCoupons::newest);
	}

	private static List<Coupon> newest(Collection<Coupon> all) {
		Map<String, Coupon> byId = new LinkedHashMap<>();
		for (Coupon coupon : all) {
			byId.merge(coupon.id(), coupon, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		List<Coupon> sorted = new ArrayList<>(byId.values());
		sorted.sort(Comparator.comparingLong(Coupon::claimedAt).reversed().thenComparing(Coupon::id));
		return sorted;
	}

	private Coupon stored(Readable row) {
		Coupon.Terms terms = this.coupons.terms(row.get("terms", String.class));
		return new Coupon(row.get("id", String.class), row.get("post_id", Long.class), row.get("user_id", String.class),
				row.get("sharer_id", String.class), row.get("seller_id", String.class), row.get("sku", String.class),
				row.get("scope", String.class), terms, row.get("currency", String.class).strip(),
				row.get("status", String.class), millis(row.get("claimed_at", OffsetDateTime.class)),
				millis(row.get("valid_until", OffsetDateTime.class)), row.get("locked_by", String.class), 0,
				row.get("used_by", String.class), row.get("version", Integer.class));
	}

	private Mono<Found> withNames(String userId) {
		return freshest(userId).flatMap((coupons) -> names(coupons).map((names) -> new Found(coupons, names)));
	}

	/** Display names of the coupons' sharers, as the circle remembers them. */
	private Mono<Map<String, String>> names(List<Coupon> coupons) {
		String[] sharers = coupons.stream().map(Coupon::sharerId).distinct().toArray(String[]::new);
		if (sharers.length == 0) {
			return Mono.just(Map.of());
		}
		return this.db.sql("SELECT user_id, display_name FROM circle_users WHERE user_id = ANY($1)")
			.bind(0, sharers)
			.map((row) -> Map.entry(row.get("user_id", String.class), row.get("display_name", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private record Found(List<Coupon> coupons, Map<String, String> names) {
	}

	private static long millis(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant().toEpochMilli() : 0;
	}

}
