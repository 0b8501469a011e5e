package io.flashgroup.flashsale;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignRefusal;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.campaign.Outcomes;
import io.flashgroup.campaign.Refusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Flash-sale purchases: one Lua script that decides everything in one atomic step and
 * never touches PostgreSQL. (Create, read, list and cancel are the shared lifecycle's.)
 */
@Service
class FlashSaleService {

	private final FlashSaleScripts scripts;

	private final SoldOutFlags soldOut;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final Outcomes.Attempts purchases;

	FlashSaleService(FlashSaleScripts scripts, SoldOutFlags soldOut, OrderCodec orders, ServerClock clock,
			Outcomes outcomes) {
		this.scripts = scripts;
		this.soldOut = soldOut;
		this.orders = orders;
		this.clock = clock;
		this.purchases = outcomes.attempts(FlashSaleType.KIND, "purchase");
	}

	/**
	 * Reserves units by the purchase script. While the node-local sold-out flag is up, a
	 * new attempt is answered with one {@code HEXISTS} instead of the script; only a
	 * retry of a key already used goes on to the script, which returns the first answer.
	 */
	Mono<Outcome.Done<Order>> purchase(CampaignId id, String userId, int quantity, String idempotencyKey) {
		Mono<Outcome<Order>> reserve = Mono.defer(() -> reserve(id, userId, quantity, idempotencyKey));
		Mono<Outcome<Order>> attempt = this.soldOut.isSoldOut(id.value())
				? this.scripts.usedKey(id.value(), userId, idempotencyKey)
					.flatMap((retry) -> retry ? reserve : Mono.just(Outcome.refused(new CampaignRefusal.SoldOut(0))))
				: reserve;
		return this.purchases.settle(id, attempt);
	}

	private Mono<Outcome<Order>> reserve(CampaignId id, String userId, int quantity, String idempotencyKey) {
		String orderId = OrderId.next(id.value(), this.clock.millis()).toString();
		return this.scripts.purchase(id.value(), orderId, userId, quantity, idempotencyKey)
			.map(ScriptReply::of)
			.map((reply) -> outcome(id, reply));
	}

	private Outcome<Order> outcome(CampaignId id, ScriptReply reply) {
		return switch (reply.outcome()) {
			case "RESERVED", "DUPLICATE" -> Outcome.done(this.orders.read(reply.detail()), reply);
			case "KEY_REUSED" ->
				Outcome.refused(new CampaignRefusal.KeyReused(this.orders.read(reply.detail()).toResponse()));
			default -> {
				Refusal refusal = Refusal.of(reply, (other) -> null);
				if (refusal instanceof CampaignRefusal.SoldOut soldOut && soldOut.stockLeft() == 0) {
					this.soldOut.raise(id.value(), reply.second());
				}
				yield Outcome.refused(refusal);
			}
		};
	}

}
