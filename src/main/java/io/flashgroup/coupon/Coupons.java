package io.flashgroup.coupon;

import java.util.List;
import java.util.Map;

import io.flashgroup.coupon.CouponScripts.Verdict;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderDiscounts;
import io.flashgroup.shared.ProblemException;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Redemption of share coupons at payment ({@link OrderDiscounts}): the checks that need
 * the order (owner, scope, currency, minimum spend) in Java before the lock, the lock and
 * its end in the coupon's slot ({@code coupon_lock.lua}, {@code coupon_settle.lua}).
 */
@Service
public class Coupons implements OrderDiscounts {

	private static final Logger log = LoggerFactory.getLogger(Coupons.class);

	private final RedisClusterReactiveCommands<String, String> redis;

	private final CouponScripts scripts;

	private final CampaignScopes scopes;

	private final ObjectReader couponReader;

	private final ObjectReader termsReader;

	Coupons(RedisClusterReactiveCommands<String, String> redis, CouponScripts scripts, CampaignScopes scopes,
			JsonMapper json) {
		this.redis = redis;
		this.scripts = scripts;
		this.scopes = scopes;
		// Built here, at startup: a rush of first payments building them on event-loop
		// threads would park all but one on Jackson's deserializer-cache lock.
		this.couponReader = json.readerFor(Coupon.class);
		this.termsReader = json.readerFor(Coupon.Terms.class);
	}

	/** A shopper's coupon index: a set of coupon ids (written after each claim). */
	public static String indexKey(String userId) {
		return "{u:" + userId + "}:coupons";
	}

	@Override
	public Mono<Long> lock(Order order, String couponId) {
		return find(couponId).filter((coupon) -> coupon.userId().equals(order.userId()))
			.switchIfEmpty(Mono.error(() -> notFound(couponId)))
			.flatMap((coupon) -> discountOn(coupon, order))
			.flatMap((discount) -> this.scripts.lock(couponId, order.userId(), order.id())
				.map((reply) -> locked(reply, couponId, discount)));
	}

	@Override
	public Mono<Void> settle(Order order, String couponId) {
		Verdict verdict = verdict(order, couponId);
		if (verdict == null || Coupon.postOf(couponId) < 0) {
			return Mono.empty();
		}
		return this.scripts.settle(couponId, order.id(), verdict).doOnNext((reply) -> {
			if ("CONFLICT".equals(reply.get(0))) {
				// A paid order whose coupon is not locked by it: a lock ended too early.
				log.error("Order {} is paid with coupon {}, which it does not hold: {}", order.id(), couponId,
						reply.get(1));
			}
		}).then();
	}

	@Override
	public Mono<Void> declined(Order order, String couponId) {
		return (Coupon.postOf(couponId) < 0) ? Mono.empty()
				: this.scripts.settle(couponId, order.id(), Verdict.DECLINE).then();
	}

	/**
	 * The order's fate for a coupon it may have locked: USE once paid with it, nothing
	 * while it may still be paid, RELEASE otherwise.
	 */
	static @Nullable Verdict verdict(Order order, String couponId) {
		return switch (order.status()) {
			case RESERVED -> null;
			case PAID, SETTLED, REFUND_PENDING, REFUNDED ->
				couponId.equals(order.couponId()) ? Verdict.USE : Verdict.RELEASE;
			case EXPIRED, CANCELLED -> Verdict.RELEASE;
		};
	}

	/** The coupon as Redis holds it; empty when absent or the id is no coupon id. */
	Mono<Coupon> find(String couponId) {
		long post = Coupon.postOf(couponId);
		if (post < 0) {
			return Mono.empty();
		}
		return this.redis.hget(CircleSlot.ofPost(post).coupons(), couponId).map(this::read);
	}

	Coupon read(String couponJson) {
		return this.couponReader.readValue(couponJson);
	}

	Coupon.Terms terms(String termsJson) {
		return this.termsReader.readValue(termsJson);
	}

	/**
	 * The discount the coupon gives on the order, or the problem why it does not apply.
	 */
	Mono<Long> discountOn(Coupon coupon, Order order) {
		return this.scopes.of(order.campaignId())
			.filter((scope) -> scope.covers(coupon) && coupon.currency().equals(order.currency()))
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
					"coupon-not-applicable", "Coupon " + coupon.id() + " does not apply to this order's product")))
			.flatMap((scope) -> (order.total() < coupon.terms().minSpend())
					? Mono.error(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "coupon-min-spend",
							"Coupon " + coupon.id() + " needs a total of at least " + coupon.terms().minSpend(),
							Map.of("minSpend", coupon.terms().minSpend(), "payable", order.total())))
					: Mono.just(coupon.discountFor(order.total())));
	}

	private long locked(List<Object> reply, String couponId, long discount) {
		return switch (String.valueOf(reply.get(0))) {
			case "LOCKED" -> discount;
			case "NOT_FOUND" -> throw notFound(couponId);
			case "USED" -> throw ProblemException.conflict("coupon-used", "Coupon " + couponId + " is used", Map.of());
			case "EXPIRED" ->
				throw ProblemException.conflict("coupon-expired", "Coupon " + couponId + " has expired", Map.of());
			case "LOCKED_BY_OTHER" -> throw ProblemException.conflict("coupon-locked",
					"Coupon " + couponId + " is being used to pay another order; try again when that ends", Map.of());
			default -> throw new IllegalStateException("Unknown lock outcome " + reply.get(0));
		};
	}

	private static ProblemException notFound(String couponId) {
		return new ProblemException(HttpStatus.NOT_FOUND, "coupon-not-found",
				"Coupon " + couponId + " is not one of yours");
	}

}
