package io.flashgroup.order;

import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.ProblemException;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Order lookup and payment. Redis holds the freshest version of an order while its
 * campaign is hot; PostgreSQL answers for orders whose campaign keys have been retired.
 */
@Service
public class OrderService {

	private static final LuaScript PAY = LuaScript.load("order_pay", "flash_sale_lib");

	private static final int MY_ORDERS_LIMIT = 100;

	private final RedisReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final OrderRepository repository;

	private final PaymentGateway payments;

	private final OrderCodec codec;

	private final Map<String, CampaignPayments> byKind;

	private final PaymentProperties properties;

	OrderService(RedisReactiveCommands<String, String> redis, LuaScripts scripts, OrderRepository repository,
			PaymentGateway payments, OrderCodec codec, List<CampaignPayments> byKind, PaymentProperties properties) {
		this.properties = properties;
		this.byKind = byKind.stream()
			.collect(java.util.stream.Collectors.toMap(CampaignPayments::kind, java.util.function.Function.identity()));
		this.redis = redis;
		this.scripts = scripts;
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
		return find(id, userId, false).flatMap((order) -> switch (order.status()) {
			case PAID, SETTLED -> Mono.just(new PaymentResult.Paid(order));
			case EXPIRED -> Mono.just(new PaymentResult.Expired(order));
			case RESERVED -> isHot(order)
				.flatMap((hot) -> hot ? chargeAndMark(order) : Mono.just(new PaymentResult.Unavailable(order)));
			default -> Mono.just(new PaymentResult.NotPayable(order));
		});
	}

	private Mono<Boolean> isHot(Order order) {
		return this.redis.hexists(new CampaignKeys(order.campaignId()).orders(), order.id());
	}

	/**
	 * A charge whose order then cannot be marked paid (the window closed meanwhile, the
	 * order is not payable or gone) is refunded at once. A failed or timed-out mark is
	 * not: the script may have run, and a retry answers the first outcome.
	 */
	private Mono<PaymentResult> chargeAndMark(Order order) {
		return this.payments.charge(order)
			.timeout(this.properties.timeout())
			.flatMap((reference) -> markPaid(order, reference).flatMap((result) -> switch (result) {
				case PaymentResult.Paid paid -> Mono.just(paid);
				default -> this.payments.refund(order, reference).timeout(this.properties.timeout()).thenReturn(result);
			}));
	}

	private Mono<PaymentResult> markPaid(Order order, String reference) {
		CampaignPayments kind = this.byKind.get(order.kind());
		Mono<List<Object>> reply;
		if (kind != null) {
			reply = kind.markPaid(order, reference);
		}
		else {
			// The keys of flash_sale_lib.lua: order_pay is the flash sales' payment step.
			CampaignKeys keys = new CampaignKeys(order.campaignId());
			String[] redisKeys = { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
					keys.timers() };
			reply = this.scripts.multi(PAY, redisKeys, order.id(), reference, liveChannel(order));
		}
		return reply.map((r) -> paymentResult(String.valueOf(r.get(0)), String.valueOf(r.get(1)), order));
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

	private static String liveChannel(Order order) {
		return "live:flash-sale:" + order.campaignId();
	}

	private Mono<Order> freshest(OrderId id) {
		return fromRedis(id).switchIfEmpty(Mono.defer(() -> this.repository.findById(id.value())));
	}

	private Mono<Order> fromRedis(OrderId id) {
		return this.redis.hget(new CampaignKeys(id.campaignId()).orders(), id.toString()).map(this.codec::read);
	}

}
