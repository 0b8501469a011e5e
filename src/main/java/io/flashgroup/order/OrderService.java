package io.flashgroup.order;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.ProblemException;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Order lookup and payment. Redis holds the freshest version of an order while its
 * campaign is hot; PostgreSQL answers for orders whose campaign keys have been retired.
 */
@Service
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	private static final int MY_ORDERS_LIMIT = 100;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final OrderRepository repository;

	private final PaymentGateway payments;

	private final OrderCodec codec;

	private final Map<String, CampaignPayments> byKind;

	private final PaymentProperties properties;

	private final OrderDiscounts discounts;

	OrderService(RedisClusterReactiveCommands<String, String> redis, OrderRepository repository,
			PaymentGateway payments, OrderCodec codec, List<CampaignPayments> byKind, PaymentProperties properties,
			OrderDiscounts discounts) {
		this.properties = properties;
		this.discounts = discounts;
		this.byKind = byKind.stream()
			.collect(java.util.stream.Collectors.toMap((kind) -> kind.kind().name(),
					java.util.function.Function.identity()));
		this.redis = redis;
		this.repository = repository;
		this.payments = payments;
		this.codec = codec;
	}

	/**
	 * The order if it exists and the viewer may see it (its owner, or anyone when
	 * {@code ops}).
	 */
	public Mono<Order> find(String id, String viewer, boolean ops) {
		return Mono.justOrEmpty(OrderId.parse(id))
			.flatMap(this::freshest)
			.filter((order) -> ops || order.userId().equals(viewer))
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Order " + id)));
	}

	/** The shopper's most recent orders, each in its freshest version. */
	public Flux<Order> mine(String userId) {
		return this.repository.findByUser(userId, MY_ORDERS_LIMIT)
			.concatMap((stored) -> fromRedis(new OrderId(java.util.UUID.fromString(stored.id())))
				.filter((hot) -> hot.version() >= stored.version())
				.defaultIfEmpty(stored));
	}

	/**
	 * Charges the order through the gateway, then marks it paid, all-or-refund. Only an
	 * order Redis holds as RESERVED is charged: one known only to PostgreSQL as RESERVED
	 * means Redis lost it, and charging could not be followed by marking it paid.
	 */
	public Mono<PaymentResult> pay(String id, String userId) {
		return pay(id, userId, null);
	}

	/**
	 * Pays the order, with the coupon's discount when {@code couponId} is given: lock the
	 * coupon, charge the total less the discount, mark the order paid with the discount,
	 * then settle the coupon (see {@link OrderDiscounts}). An order already paid, expired
	 * or not payable settles a lock this order may hold on the coupon (a retry after a
	 * crash) and answers as without one.
	 */
	public Mono<PaymentResult> pay(String id, String userId, @Nullable String couponId) {
		return find(id, userId, false).flatMap((order) -> switch (order.status()) {
			case PAID, SETTLED -> settled(new PaymentResult.Paid(order), couponId);
			case EXPIRED -> settled(new PaymentResult.Expired(order), couponId);
			case RESERVED -> isHot(order).flatMap((hot) -> {
				if (!hot) {
					return Mono.just(new PaymentResult.Unavailable(order));
				}
				return ((couponId != null) ? payWithCoupon(order, couponId) : chargeAndMark(order, Payment::of))
					.onErrorResume(PaymentDeclined.class,
							(declined) -> Mono.just(new PaymentResult.Declined(order, declined.getMessage())));
			});
			default -> settled(new PaymentResult.NotPayable(order), couponId);
		});
	}

	/**
	 * The saga's steps after the lock. A failed charge gives the attempt's hold back (no
	 * mark can follow it); a failed or timed-out mark does not (the script may have run):
	 * the lock stays until the sweeper reads the order's fate.
	 */
	private Mono<PaymentResult> payWithCoupon(Order order, String couponId) {
		return this.discounts.lock(order, couponId).flatMap((discount) -> {
			Order discounted = order.discounted(discount, couponId);
			return charge(discounted)
				.onErrorResume((ex) -> this.discounts.declined(order, couponId).then(Mono.error(ex)))
				.flatMap((reference) -> mark(discounted, new Payment(reference, discount, couponId)))
				.flatMap((result) -> afterCouponAttempt(result, couponId));
		});
	}

	private Mono<PaymentResult> afterCouponAttempt(PaymentResult result, String couponId) {
		if (result instanceof PaymentResult.Unavailable unavailable) {
			return this.discounts.declined(unavailable.order(), couponId).thenReturn(result);
		}
		return settled(result, couponId);
	}

	/**
	 * Settles the coupon as the order's fate says; a failure here leaves the lock to the
	 * sweeper and does not change the answer (the order's payment stands).
	 */
	private Mono<PaymentResult> settled(PaymentResult result, @Nullable String couponId) {
		if (couponId == null) {
			return Mono.just(result);
		}
		return this.discounts.settle(orderOf(result), couponId).onErrorResume((ex) -> {
			log.warn("Settling coupon {} of order {} failed; the sweeper will: {}", couponId, orderOf(result).id(),
					ex.toString());
			return Mono.empty();
		}).thenReturn(result);
	}

	private static Order orderOf(PaymentResult result) {
		return switch (result) {
			case PaymentResult.Paid paid -> paid.order();
			case PaymentResult.Expired expired -> expired.order();
			case PaymentResult.NotPayable other -> other.order();
			case PaymentResult.Unavailable unavailable -> unavailable.order();
			case PaymentResult.Declined declined -> declined.order();
		};
	}

	private Mono<Boolean> isHot(Order order) {
		CampaignKeys keys = OrderId.keysOf(order.id());
		Mono<Boolean> inBucket0 = this.redis.hexists(new CampaignKeys(order.campaignId()).orders(), order.id());
		return (keys.bucket() == 0) ? inBucket0
				: this.redis.hexists(keys.orders(), order.id()).flatMap((hot) -> hot ? Mono.just(true) : inBucket0);
	}

	/**
	 * A charge whose order then cannot be marked paid (the window closed meanwhile, the
	 * order is not payable or gone) is refunded at once. A failed or timed-out mark is
	 * not: the script may have run, and a retry answers the first outcome.
	 */
	private Mono<PaymentResult> chargeAndMark(Order order, Function<String, Payment> payment) {
		return charge(order).flatMap((reference) -> mark(order, payment.apply(reference)));
	}

	/** Charges the order's payable amount ({@link Order#payable()}). */
	private Mono<String> charge(Order order) {
		return this.payments.charge(order).timeout(this.properties.timeout());
	}

	private Mono<PaymentResult> mark(Order order, Payment payment) {
		return markPaid(order, payment).flatMap((result) -> switch (result) {
			case PaymentResult.Paid paid -> Mono.just(paid);
			default -> this.payments.refund(order, payment.ref()).timeout(this.properties.timeout()).thenReturn(result);
		});
	}

	private Mono<PaymentResult> markPaid(Order order, Payment payment) {
		CampaignPayments kind = this.byKind.get(order.kind());
		if (kind == null) {
			return Mono.error(new IllegalStateException("No payment step for orders of kind " + order.kind()));
		}
		return kind.markPaid(order, payment)
			.map((r) -> paymentResult(String.valueOf(r.get(0)), String.valueOf(r.get(1)), order));
	}

	private PaymentResult paymentResult(String outcome, String json, Order order) {
		return switch (outcome) {
			case "PAID", "ALREADY_PAID" -> new PaymentResult.Paid(this.codec.read(json));
			case "EXPIRED" -> new PaymentResult.Expired(this.codec.read(json));
			case "NOT_PAYABLE" -> new PaymentResult.NotPayable(this.codec.read(json));
			// The order was there when it was charged and is gone now: Redis lost it.
			case "NOT_FOUND" -> new PaymentResult.Unavailable(order);
			default -> throw new IllegalStateException("Unknown payment outcome " + outcome);
		};
	}

	private Mono<Order> freshest(OrderId id) {
		return fromRedis(id).switchIfEmpty(Mono.defer(() -> this.repository.findById(id.value())));
	}

	private Mono<Order> fromRedis(OrderId id) {
		Mono<String> inBucket0 = this.redis.hget(new CampaignKeys(id.campaignId()).orders(), id.toString());
		Mono<String> json = (id.bucket() == 0) ? inBucket0
				: this.redis.hget(id.keys().orders(), id.toString()).switchIfEmpty(Mono.defer(() -> inBucket0));
		return json.map(this.codec::read);
	}

}
