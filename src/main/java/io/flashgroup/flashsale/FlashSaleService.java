package io.flashgroup.flashsale;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignRefusal;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.campaign.Outcomes;
import io.flashgroup.campaign.Refusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Flash-sale purchases: one Lua script that decides everything in one atomic step and
 * never touches PostgreSQL. A sale split into buckets runs it on the shopper's home
 * bucket, moving stock there from the other buckets when home has too little
 * ({@link FlashSaleBuckets}). (Create, read, list and cancel are the shared lifecycle's.)
 */
@Service
class FlashSaleService {

	/** Fallover rounds one purchase may take per bucket of its sale. */
	private static final int MAX_FALLOVERS = 2;

	private final FlashSaleScripts scripts;

	private final FlashSaleBuckets buckets;

	private final BucketReports reports;

	private final SoldOutFlags soldOut;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final Outcomes.Attempts purchases;

	FlashSaleService(FlashSaleScripts scripts, FlashSaleBuckets buckets, BucketReports reports, SoldOutFlags soldOut,
			OrderCodec orders, ServerClock clock, Outcomes outcomes) {
		this.scripts = scripts;
		this.buckets = buckets;
		this.reports = reports;
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
		Mono<Outcome<Order>> attempt = this.buckets.of(id.value()).flatMap((count) -> {
			CampaignKeys home = id.keys().split(count).inBucket(FlashSaleBuckets.home(userId, count));
			Mono<Outcome<Order>> reserve = Mono.defer(() -> reserve(home, count, userId, quantity, idempotencyKey));
			return this.soldOut.isSoldOut(id.value()) ? this.scripts.usedKey(home, userId, idempotencyKey)
				.flatMap((retry) -> retry ? reserve : Mono.just(Outcome.refused(new CampaignRefusal.SoldOut(0))))
					: reserve;
		});
		return this.purchases.settle(id, attempt);
	}

	private Mono<Outcome<Order>> reserve(CampaignKeys home, int count, String userId, int quantity,
			String idempotencyKey) {
		return attempt(home, count, userId, quantity, idempotencyKey).map((reply) -> outcome(home, count, reply));
	}

	/**
	 * The purchase on home; when a split sale's home has too little stock, a fallover
	 * moves units to it and the purchase runs again, until it is decided or nothing more
	 * can arrive (every other bucket empty, nothing in flight to home). Each round moves
	 * at least one unit or finishes a transfer, but two shoppers of different homes
	 * racing for the last units can move the same unit back and forth between their
	 * homes, each taking it before the other buys it (seen: tens of thousands of rounds).
	 * So the rounds are bounded: past {@link #MAX_FALLOVERS} per bucket the shopper is
	 * told to retry (503 with Retry-After, nothing reserved), since the sale is not sold
	 * out and a retry alone usually wins the unit.
	 */
	private Mono<ScriptReply> attempt(CampaignKeys home, int count, String userId, int quantity,
			String idempotencyKey) {
		return attempt(home, count, userId, quantity, idempotencyKey, MAX_FALLOVERS * count);
	}

	private Mono<ScriptReply> attempt(CampaignKeys home, int count, String userId, int quantity, String idempotencyKey,
			int falloversLeft) {
		String orderId = OrderId.next(home, this.clock.millis()).toString();
		return this.scripts.purchase(home, orderId, userId, quantity, idempotencyKey)
			.map(ScriptReply::of)
			.flatMap((reply) -> {
				if (count == 1 || !"SOLD_OUT".equals(reply.outcome())) {
					return Mono.just(reply);
				}
				return this.buckets.fallover(home, count, quantity - reply.first()).flatMap((moved) -> {
					if (moved == 0) {
						return Mono.just(reply);
					}
					return (falloversLeft > 1)
							? attempt(home, count, userId, quantity, idempotencyKey, falloversLeft - 1)
							: Mono.error(contended(home.campaignId()));
				});
			});
	}

	private static ProblemException contended(long saleId) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The last units of sale " + saleId + " are contended; retry with the same Idempotency-Key");
	}

	private Outcome<Order> outcome(CampaignKeys home, int count, ScriptReply reply) {
		long id = home.campaignId();
		return switch (reply.outcome()) {
			case "RESERVED", "DUPLICATE" -> {
				this.reports.changed(home);
				yield Outcome.done(this.orders.read(reply.detail()), reply);
			}
			case "KEY_REUSED" ->
				Outcome.refused(new CampaignRefusal.KeyReused(this.orders.read(reply.detail()).toResponse()));
			default -> {
				Refusal refusal = Refusal.of(reply, (other) -> null);
				if (refusal instanceof CampaignRefusal.SoldOut soldOut && soldOut.stockLeft() == 0) {
					// A split sale's summed view lags its buckets by up to one report
					// interval, so a state showing stock may be stale: its flag is not
					// cleared by live states, it only ages out (sold-out-flag-max-age).
					this.soldOut.raise(id, (count == 1) ? reply.second() : Long.MAX_VALUE);
				}
				yield Outcome.refused(refusal);
			}
		};
	}

}
