package io.flashgroup.order;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.Passes;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Gives the money back for paid orders whose group failed or was cancelled: the script
 * that failed the group moved them to {@code REFUND_PENDING} and queued them in the
 * campaign's {@code refunds} set. Every node runs one; the gateway's refund is keyed by
 * order id (idempotent), and only a confirmed refund moves the order to {@code REFUNDED}
 * and leaves the queue, so a crash anywhere in between just means one more attempt.
 */
@Component
class RefundWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RefundWorker.class);

	private static final LuaScript REFUNDED = LuaScript.load("order_refunded");

	private static final int BATCH = 100;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final ActiveCampaigns campaigns;

	private final PaymentGateway payments;

	private final OrderCodec codec;

	private final RefundProperties properties;

	private final PaymentProperties payment;

	private final ServerClock clock;

	private final Counter refunded;

	private final Counter retried;

	private volatile Disposable loop = Disposables.disposed();

	RefundWorker(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, ActiveCampaigns campaigns,
			PaymentGateway payments, OrderCodec codec, RefundProperties properties, PaymentProperties payment,
			ServerClock clock, MeterRegistry meters) {
		this.payment = payment;
		this.clock = clock;
		this.refunded = Counter.builder("flashgroup.refunds")
			.description("Refunds confirmed by the payment gateway, and attempts to retry")
			.tag("outcome", "refunded")
			.register(meters);
		this.retried = Counter.builder("flashgroup.refunds").tag("outcome", "retried").register(meters);
		this.redis = redis;
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.payments = payments;
		this.codec = codec;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.pollInterval(), this::refundDue, log, "Refund");
	}

	/** One pass: every due refund of every active campaign. */
	Mono<Void> refundDue() {
		return this.campaigns.keys().concatMap(this::refundDue).then();
	}

	private Flux<String> refundDue(CampaignKeys keys) {
		long now = this.clock.millis();
		// Read the batch whole before refunding: the refunds send commands on the same
		// connection, which would queue behind a reply stream still waiting for demand.
		return this.redis
			.zrangebyscore(keys.refunds(), Range.create(Double.NEGATIVE_INFINITY, (double) now), Limit.from(BATCH))
			.collectList()
			.flatMapIterable((ids) -> ids)
			.concatMap((orderId) -> refund(keys, orderId));
	}

	private Mono<String> refund(CampaignKeys keys, String orderId) {
		return this.redis.hget(keys.orders(), orderId)
			.map(this.codec::read)
			.filter((order) -> order.status() == OrderStatus.REFUND_PENDING)
			.flatMap((order) -> this.payments.refund(order, (order.paymentRef() != null) ? order.paymentRef() : "")
				.timeout(this.payment.timeout()))
			.then(this.scripts.multi(REFUNDED, new String[] { keys.orders(), keys.outbox(), keys.refunds() }, orderId))
			.map((reply) -> String.valueOf(reply.get(0)))
			.doOnNext((outcome) -> {
				if ("REFUNDED".equals(outcome)) {
					this.refunded.increment();
				}
			})
			.onErrorResume((ex) -> retryLater(keys, orderId, ex));
	}

	private Mono<String> retryLater(CampaignKeys keys, String orderId, Throwable ex) {
		this.retried.increment();
		long at = this.clock.millis() + this.properties.retryDelay().toMillis();
		log.warn("Refund of order {} failed, retrying in {}: {}", orderId, this.properties.retryDelay(), ex.toString());
		return this.redis.zadd(keys.refunds(), ZAddArgs.Builder.xx(), (double) at, orderId).thenReturn("RETRY");
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
