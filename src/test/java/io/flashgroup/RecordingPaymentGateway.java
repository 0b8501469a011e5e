package io.flashgroup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.Order;
import io.flashgroup.order.PaymentDeclined;
import io.flashgroup.order.PaymentGateway;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The payment gateway of the dev and test runs: approves every charge like the simulated
 * one, and remembers refunds so tests can check that each paid order was refunded exactly
 * once. Refunds of shoppers whose id starts with {@code flaky-} fail on the first
 * attempt, as a provider timing out would, to prove they are retried. Charges of shoppers
 * whose id starts with {@code vanish-} lose the order from Redis while the charge is
 * made, as a Redis that lost its data would, to prove such a charge is given back.
 */
@Component
public class RecordingPaymentGateway implements PaymentGateway {

	private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private final Map<String, String> refunded = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> charges = new ConcurrentHashMap<>();

	private final Map<String, Long> amounts = new ConcurrentHashMap<>();

	private final RedisClusterReactiveCommands<String, String> redis;

	RecordingPaymentGateway(RedisClusterReactiveCommands<String, String> redis) {
		this.redis = redis;
	}

	@Override
	public Mono<String> charge(Order order) {
		if (order.userId().startsWith("declined-")) {
			return Mono.error(new PaymentDeclined("card declined"));
		}
		Mono<String> charged = Mono.fromSupplier(() -> {
			this.charges.computeIfAbsent(order.id(), (id) -> new AtomicInteger()).incrementAndGet();
			this.amounts.put(order.id(), order.payable());
			return "sim-" + order.id();
		});
		return order.userId().startsWith("vanish-")
				? this.redis.hdel(new CampaignKeys(order.campaignId()).orders(), order.id()).then(charged) : charged;
	}

	/** Charges made for the order. */
	public int charges(String orderId) {
		AtomicInteger count = this.charges.get(orderId);
		return (count != null) ? count.get() : 0;
	}

	/** The amount of the latest charge made for the order, or null. */
	public @Nullable Long charged(String orderId) {
		return this.amounts.get(orderId);
	}

	@Override
	public Mono<Void> refund(Order order, String paymentRef) {
		return Mono.defer(() -> {
			int attempt = this.attempts.computeIfAbsent(order.id(), (id) -> new AtomicInteger()).incrementAndGet();
			if (order.userId().startsWith("flaky-") && attempt == 1) {
				return Mono.error(new IllegalStateException("payment provider timed out"));
			}
			// Keyed by order id, like a real provider's idempotent refund.
			this.refunded.putIfAbsent(order.id(), paymentRef);
			return Mono.empty();
		});
	}

	/** Refund calls made for the order, successful or not. */
	public int attempts(String orderId) {
		AtomicInteger count = this.attempts.get(orderId);
		return (count != null) ? count.get() : 0;
	}

	/** Whether the provider holds a refund for the order. */
	public boolean refunded(String orderId) {
		return this.refunded.containsKey(orderId);
	}

}
