package io.flashgroup.order;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.HotState;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The orders' part of a campaign's hot state, rebuilt from PostgreSQL after Redis lost
 * it: what the order scripts ({@code lib.lua}, {@code group_lib.lua}) keep for every
 * kind.
 * <ul>
 * <li>every order's latest recorded version, so reads, payments and the audit find them;
 * <li>{@code sold} and each shopper's held units from the orders that hold stock
 * ({@link OrderStatus#holdsStock()}), {@code paid} from the paid and settled ones;
 * <li>the idempotency keys, so a retried request still gets its first answer;
 * <li>a pay-by timer per reservation and a refund entry per pending refund, due when they
 * were (a pay window that ran out during the outage expires at once).
 * </ul>
 */
@Component
public class RestoredOrders {

	private final OrderRepository repository;

	private final JsonMapper json;

	RestoredOrders(OrderRepository repository, JsonMapper json) {
		this.repository = repository;
		this.json = json;
	}

	/**
	 * Adds the recorded orders of the state's bucket to {@code state}: all of the
	 * campaign's unless it is split, else those whose id routes to that bucket.
	 */
	public Mono<Void> addTo(HotState state) {
		CampaignKeys keys = state.keys();
		return this.repository.findByCampaign(keys.campaignId())
			.filter((order) -> inBucket(order, keys))
			.doOnNext((order) -> {
				state.countOrder();
				state.hash(keys.orders(), order.id(), this.json.writeValueAsString(order));
				if (order.idempotencyKey() != null && !order.idempotencyKey().isEmpty()) {
					state.hash(keys.idempotency(), order.userId() + ":" + order.idempotencyKey(), order.id());
				}
				if (order.status().holdsStock()) {
					state.count("sold", order.quantity());
					state.increment(keys.buyers(), order.userId(), order.quantity());
				}
				if (order.status() == OrderStatus.PAID || order.status() == OrderStatus.SETTLED) {
					state.count("paid", order.quantity());
				}
				if (order.status() == OrderStatus.RESERVED) {
					state.sortedSet(keys.timers(), order.payBy(), order.id());
				}
				else if (order.status() == OrderStatus.REFUND_PENDING) {
					state.sortedSet(keys.refunds(), state.now(), order.id());
				}
			})
			.then();
	}

	private static boolean inBucket(Order order, CampaignKeys keys) {
		return keys.buckets() == 1 || bucketOf(order, keys.buckets()) == keys.bucket();
	}

	/** The bucket an order of a sale split into {@code buckets} lives in. */
	private static int bucketOf(Order order, int buckets) {
		CampaignKeys routed = OrderId.keysOf(order.id());
		return (routed.buckets() == buckets) ? routed.bucket() : 0;
	}

}
