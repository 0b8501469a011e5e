package io.flashgroup.flashsale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.LostState;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.order.OrderLedger;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Flash sales: create and cancel (PostgreSQL and Redis together), read with live
 * counters, and purchase, which is one Lua script and never touches PostgreSQL.
 */
@Service
public class FlashSaleService {

	static final Set<String> STATUSES = Set.of("SCHEDULED", "LIVE", "SOLD_OUT", "ENDED", "CANCELLED");

	private static final int LIST_LIMIT = 100;

	private final FlashSaleRepository repository;

	private final FlashSaleScripts scripts;

	private final ActiveCampaigns active;

	private final SoldOutFlags soldOut;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final FlashSaleProperties properties;

	private final OrderLedger ledger;

	private final Map<String, Counter> purchases = new java.util.concurrent.ConcurrentHashMap<>();

	private final LostState lostState;

	FlashSaleService(FlashSaleRepository repository, FlashSaleScripts scripts, ActiveCampaigns active,
			SoldOutFlags soldOut, OrderCodec orders, ServerClock clock, TransactionalOperator transaction,
			JsonMapper json, MeterRegistry meters, FlashSaleProperties properties, OrderLedger ledger,
			LostState lostState) {
		this.lostState = lostState;
		this.ledger = ledger;
		this.properties = properties;
		this.repository = repository;
		this.scripts = scripts;
		this.active = active;
		this.soldOut = soldOut;
		this.orders = orders;
		this.clock = clock;
		this.transaction = transaction;
		this.json = json;
		this.meters = meters;
	}

	/**
	 * Writes the sale to PostgreSQL and its hot state to Redis in one transaction: if
	 * Redis fails, the row is rolled back, so a sale never exists half-created.
	 */
	public Mono<FlashSaleView> create(String sellerId, CreateFlashSale request) {
		CampaignTerms.requireFuture("endsAt", request.endsAt(), this.clock.now());
		CampaignTerms.requireWithin("payWindow", request.effectivePayWindow(), this.properties.minPayWindow(),
				this.properties.maxPayWindow());
		Mono<FlashSale> created = this.repository.insert(sellerId, request)
			.flatMap((sale) -> this.scripts.create(sale).then(this.active.add(sale.id())).thenReturn(sale));
		return this.transaction.transactional(created).flatMap(this::withCounters);
	}

	Mono<FlashSaleView> find(long id) {
		return this.repository.findById(id)
			.flatMap(this::withCounters)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Flash sale " + id)));
	}

	/** Sales that have not ended (or only just), with the given status, soonest first. */
	Flux<FlashSaleView> list(List<String> statuses) {
		Instant since = this.clock.now().minusSeconds(60);
		return this.repository.findNotEndedSince(since, LIST_LIMIT)
			.flatMapSequential(this::withCounters, 16)
			.filter((view) -> statuses.contains(view.status()));
	}

	/** The kill switch: effective in Redis at once, then recorded in PostgreSQL. */
	Mono<FlashSaleView> cancel(long id, String userId, boolean ops) {
		return this.repository.findById(id)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Flash sale " + id)))
			.doOnNext((sale) -> CampaignTerms.requireOwnerOrOps(sale.sellerId(), userId, ops, "sale"))
			.flatMap((sale) -> this.scripts.cancel(id)
				.then(this.repository.markCancelled(id, this.clock.now()))
				.then(find(id)));
	}

	/**
	 * Reserves units by the purchase script, which decides everything in one atomic step.
	 * While the node-local sold-out flag is up, a new attempt is answered with one
	 * {@code HEXISTS} instead of the script; only a retry of a key already used goes on
	 * to the script, which returns the first answer.
	 */
	Mono<PurchaseResult> purchase(long id, String userId, int quantity, String idempotencyKey) {
		Mono<PurchaseResult> reserve = Mono.defer(() -> reserve(id, userId, quantity, idempotencyKey));
		Mono<PurchaseResult> result = this.soldOut.isSoldOut(id) ? this.scripts.usedKey(id, userId, idempotencyKey)
			.flatMap((retry) -> retry ? reserve : Mono.just(new PurchaseResult.SoldOut(0))) : reserve;
		return result.doOnNext(this::count);
	}

	private Mono<PurchaseResult> reserve(long id, String userId, int quantity, String idempotencyKey) {
		String orderId = OrderId.next(id, this.clock.millis()).toString();
		return this.scripts.purchase(id, orderId, userId, quantity, idempotencyKey)
			.map((reply) -> purchaseResult(id, String.valueOf(reply.get(0)), String.valueOf(reply.get(1))))
			.flatMap((result) -> (result instanceof PurchaseResult.NotFound)
					? this.lostState.isLost(id, "FLASH_SALE")
						.flatMap((lost) -> lost ? Mono.error(LostState.rebuilding()) : Mono.just(result))
					: Mono.just(result));
	}

	private PurchaseResult purchaseResult(long id, String outcome, String detail) {
		return switch (outcome) {
			case "RESERVED" -> new PurchaseResult.Reserved(this.orders.read(detail), false);
			case "DUPLICATE" -> new PurchaseResult.Reserved(this.orders.read(detail), true);
			case "KEY_REUSED" -> new PurchaseResult.KeyReused(this.orders.read(detail));
			case "SOLD_OUT" -> soldOut(id, detail);
			case "LIMIT_REACHED" ->
				new PurchaseResult.LimitReached(Integer.parseInt(after(detail)), Long.parseLong(before(detail)));
			case "NOT_STARTED" -> new PurchaseResult.NotStarted(Instant.ofEpochMilli(Long.parseLong(detail)));
			case "ENDED" -> new PurchaseResult.Ended();
			case "CANCELLED" -> new PurchaseResult.Cancelled();
			case "NOT_FOUND" -> new PurchaseResult.NotFound();
			default -> throw new IllegalStateException("Unknown purchase outcome " + outcome);
		};
	}

	private PurchaseResult soldOut(long id, String detail) {
		long stockLeft = Long.parseLong(before(detail));
		if (stockLeft == 0) {
			this.soldOut.raise(id, Long.parseLong(after(detail)));
		}
		return new PurchaseResult.SoldOut(stockLeft);
	}

	private static String before(String pair) {
		return pair.substring(0, pair.indexOf(':'));
	}

	private static String after(String pair) {
		return pair.substring(pair.indexOf(':') + 1);
	}

	/** One counter per outcome, looked up once: this runs on every purchase attempt. */
	private void count(PurchaseResult result) {
		this.purchases
			.computeIfAbsent(result.outcome(),
					(outcome) -> Counter.builder("flashgroup.purchases")
						.description("Purchase attempts by outcome")
						.tag("kind", "flash_sale")
						.tag("outcome", outcome)
						.register(this.meters))
			.increment();
	}

	private Mono<FlashSaleView> withCounters(FlashSale sale) {
		return this.scripts.view(sale.id())
			.map((message) -> this.json.readValue(message, FlashSaleView.LiveCounters.class))
			.switchIfEmpty(Mono.defer(() -> retiredCounters(sale)))
			.map((counters) -> FlashSaleView.of(sale, counters));
	}

	/** A sale whose hot state has been retired is over; PostgreSQL knows what it sold. */
	private Mono<FlashSaleView.LiveCounters> retiredCounters(FlashSale sale) {
		return this.ledger.heldUnitsInPostgres(sale.id())
			.map((sold) -> new FlashSaleView.LiveCounters(0, this.clock.millis(), FlashSaleView.retired(sale, sold)));
	}

}
