package io.flashgroup.ops;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderLedger;
import io.flashgroup.order.OrderLedger.Tally;
import io.flashgroup.order.OrderStatus;
import io.flashgroup.order.OutboxMonitor;
import io.flashgroup.order.OutboxMonitor.OutboxLag;
import io.flashgroup.shared.ProblemException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reconciles one campaign: the Redis view (counters and orders) against the PostgreSQL
 * view (orders), plus the outbox between them and the invariants. Rehearsals poll it
 * after a run until it agrees; ops use it on the day.
 * <p>
 * The Redis side is read in pages while traffic may continue, so during a rush it is a
 * moving snapshot: it is exact once the campaign is quiet and the outbox is drained.
 */
@Component
class CampaignAudit {

	private final DatabaseClient db;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final OrderLedger ledger;

	private final OutboxMonitor outbox;

	private final ActiveCampaigns active;

	CampaignAudit(DatabaseClient db, RedisClusterReactiveCommands<String, String> redis, OrderLedger ledger,
			OutboxMonitor outbox, ActiveCampaigns active) {
		this.db = db;
		this.redis = redis;
		this.ledger = ledger;
		this.outbox = outbox;
		this.active = active;
	}

	Mono<Report> audit(long campaignId) {
		return campaign(campaignId).flatMap((campaign) -> this.active.buckets(campaignId)
			.flatMap((buckets) -> outbox(buckets).flatMap((lag) -> Mono
				.zip(this.ledger.inPostgres(campaignId), redisSide(buckets), recoveries(campaignId))
				.map((sides) -> report(campaignId, campaign,
						new Outbox(lag.entries(), lag.oldestAgeMillis(), lag.deadLetters()), sides.getT2(),
						new PostgresSide(OrderLedger.heldUnits(sides.getT1()), sides.getT1()), sides.getT3())))));
	}

	private Mono<OutboxLag> outbox(List<CampaignKeys> buckets) {
		return Flux.fromIterable(buckets).concatMap(this.outbox::measure).reduce(OutboxLag::plus);
	}

	/** The campaign as PostgreSQL records it; 404 when there is none. */
	Mono<Campaign> campaign(long campaignId) {
		return this.db.sql("SELECT kind, stock, ends_at, cancelled_at, retired_at FROM campaigns WHERE id = $1")
			.bind(0, campaignId)
			.map((row) -> new Campaign(Objects.requireNonNull(row.get("kind", String.class)),
					Objects.requireNonNull(row.get("stock", Integer.class)),
					Objects.requireNonNull(row.get("ends_at", OffsetDateTime.class)).toInstant(),
					row.get("cancelled_at", OffsetDateTime.class) != null,
					row.get("retired_at", OffsetDateTime.class) != null))
			.one()
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Campaign " + campaignId)));
	}

	/** The buckets' counters and orders, summed; buckets without state are named. */
	private Mono<RedisSide> redisSide(List<CampaignKeys> buckets) {
		return Flux.fromIterable(buckets)
			.concatMap(this::bucketSide)
			.reduce(RedisSide::plus)
			.map((side) -> new RedisSide(side.present(), side.sold(), side.paid(), side.stockLeft(), side.heldUnits(),
					side.orders(), buckets.size(), side.bucketStock(), side.inFlight(),
					(buckets.size() > 1) ? side.lostBuckets() : List.of()));
	}

	private Mono<RedisSide> bucketSide(CampaignKeys keys) {
		return this.redis.hmget(keys.state(), "sold", "paid", "stock").collectList().flatMap((fields) -> {
			if (fields.stream().allMatch(KeyValue::isEmpty)) {
				return Mono.just(new RedisSide(false, 0, 0, 0, 0, Map.of(), 1, 0, 0, List.of(keys.bucket())));
			}
			long sold = number(fields.get(0)), paid = number(fields.get(1)), stock = number(fields.get(2));
			return Mono.zip(this.ledger.inRedis(keys), inFlight(keys))
				.map((t) -> new RedisSide(true, sold, paid, stock - sold, OrderLedger.heldUnits(t.getT1()), t.getT1(),
						1, stock, t.getT2(), List.of()));
		});
	}

	/**
	 * Units a bucket gave away whose credit is not confirmed yet
	 * ({@code <home>:<units>:<at>}).
	 */
	private Mono<Long> inFlight(CampaignKeys keys) {
		return this.redis.hvals(keys.transfers())
			.map((transfer) -> Long.parseLong(transfer.split(":")[1]))
			.reduce(0L, Long::sum);
	}

	/** Every rebuild of the campaign's hot state after Redis lost it, latest first. */
	private Mono<List<Recovery>> recoveries(long campaignId) {
		return this.db
			.sql("SELECT recovered_at, orders, records, unflushed_at_check FROM campaign_recoveries "
					+ "WHERE campaign_id = $1 ORDER BY recovered_at DESC LIMIT 20")
			.bind(0, campaignId)
			.map((row) -> new Recovery(
					Objects.requireNonNull(row.get("recovered_at", OffsetDateTime.class)).toInstant(),
					Objects.requireNonNull(row.get("orders", Integer.class)),
					Objects.requireNonNull(row.get("records", Integer.class)),
					Objects.requireNonNullElse(row.get("unflushed_at_check", Long.class), 0L)))
			.all()
			.collectList();
	}

	private static Report report(long campaignId, Campaign campaign, Outbox outbox, RedisSide redis,
			PostgresSide postgres, List<Recovery> recoveries) {
		List<String> differences = new ArrayList<>();
		long stock = campaign.stock();
		boolean noOversell = redis.sold() <= stock && redis.heldUnits() <= stock && postgres.heldUnits() <= stock;
		if (!noOversell) {
			differences.add("oversold: stock " + stock + ", Redis sold " + redis.sold() + ", Redis orders hold "
					+ redis.heldUnits() + ", PostgreSQL orders hold " + postgres.heldUnits());
		}
		boolean heldMatchesSold = !redis.present() || redis.heldUnits() == redis.sold();
		if (!heldMatchesSold) {
			differences.add("Redis sold counter is " + redis.sold() + " but its orders hold " + redis.heldUnits());
		}
		if (outbox.entries() > 0) {
			differences.add(outbox.entries() + " order versions not yet flushed to PostgreSQL");
		}
		if (outbox.deadLetters() > 0) {
			differences.add(outbox.deadLetters() + " outbox entries dead-lettered: PostgreSQL refused them "
					+ "(see the campaign's dead-letter stream); fix and replay them");
		}
		if (!redis.lostBuckets().isEmpty() && redis.present() && !campaign.retired()) {
			differences.add("Redis lost bucket(s) " + redis.lostBuckets() + " of the split sale: the recovery check "
					+ "rebuilds them from PostgreSQL; until then the shoppers whose home they are get 503, the other "
					+ "buckets keep selling");
		}
		if (redis.present() && redis.lostBuckets().isEmpty()
				&& redis.bucketStock() + redis.inFlight() != campaign.stock()) {
			differences.add("stock does not add up: the buckets hold " + redis.bucketStock() + " and "
					+ redis.inFlight() + " are in flight between them, the campaign has " + campaign.stock());
		}
		if (!redis.present() && !campaign.retired()) {
			differences.add("Redis lost the campaign's state: it has no keys, yet the campaign has not retired "
					+ "(it is rebuilt from PostgreSQL within flashgroup.recovery.check-interval)");
		}
		if (redis.present()) {
			for (OrderStatus status : EnumSet.allOf(OrderStatus.class)) {
				Tally inRedis = redis.orders().getOrDefault(status, Tally.NONE);
				Tally inPostgres = postgres.orders().getOrDefault(status, Tally.NONE);
				if (!inRedis.equals(inPostgres)) {
					differences.add(status + ": Redis " + inRedis.orders() + " orders / " + inRedis.units()
							+ " units, PostgreSQL " + inPostgres.orders() + " / " + inPostgres.units());
				}
			}
		}
		return new Report(campaignId, campaign.kind(), campaign.stock(), Instant.now(), redis, postgres, outbox,
				new Invariants(noOversell, heldMatchesSold), differences.isEmpty(), differences, recoveries);
	}

	private static long number(KeyValue<String, String> field) {
		return field.hasValue() ? Long.parseLong(field.getValue()) : 0;
	}

	/**
	 * The campaign as PostgreSQL records it.
	 *
	 * @param kind its kind
	 * @param stock units on offer
	 * @param endsAt end of its window
	 * @param cancelled whether the kill switch was used
	 * @param retired whether its hot state retired (no state in Redis is expected)
	 */
	record Campaign(String kind, int stock, Instant endsAt, boolean cancelled, boolean retired) {
	}

	/**
	 * A rebuild of the campaign's hot state from PostgreSQL after Redis lost it.
	 *
	 * @param at when
	 * @param orders orders restored
	 * @param records groups or sessions restored
	 * @param unflushedAtLastCheck order versions waiting in the outbox at the rebuilding
	 * node's last check before the loss: lost with Redis's data
	 */
	record Recovery(Instant at, int orders, int records, long unflushedAtLastCheck) {
	}

	/**
	 * An audit report; {@code agrees} is true when nothing is left in the outbox or its
	 * dead letters, both sides hold the same orders and no invariant is broken.
	 */
	record Report(long campaignId, String kind, int stock, Instant checkedAt, RedisSide redis, PostgresSide postgres,
			Outbox outbox, Invariants invariants, boolean agrees, List<String> differences, List<Recovery> recoveries) {
	}

	/**
	 * Redis counters and orders, summed over the buckets of a split flash sale (so sold +
	 * stock left + in flight = stock); {@code present} is false once the campaign has
	 * retired.
	 *
	 * @param present whether any bucket has state
	 * @param sold units reserved or paid
	 * @param paid units paid
	 * @param stockLeft units left in the buckets (those in flight not counted)
	 * @param heldUnits units the orders hold
	 * @param orders orders by status
	 * @param buckets stock buckets (1 unless a split flash sale)
	 * @param bucketStock the buckets' stock
	 * @param inFlight units taken from one bucket for another and not yet credited there
	 * @param lostBuckets buckets of a split sale without state
	 */
	record RedisSide(boolean present, long sold, long paid, long stockLeft, long heldUnits,
			Map<OrderStatus, Tally> orders, int buckets, long bucketStock, long inFlight, List<Integer> lostBuckets) {

		RedisSide plus(RedisSide other) {
			Map<OrderStatus, Tally> all = new EnumMap<>(OrderStatus.class);
			this.orders.forEach((status, tally) -> all.merge(status, tally, Tally::plus));
			other.orders.forEach((status, tally) -> all.merge(status, tally, Tally::plus));
			List<Integer> lost = new ArrayList<>(this.lostBuckets);
			lost.addAll(other.lostBuckets);
			return new RedisSide(this.present || other.present, this.sold + other.sold, this.paid + other.paid,
					this.stockLeft + other.stockLeft, this.heldUnits + other.heldUnits, all,
					this.buckets + other.buckets, this.bucketStock + other.bucketStock, this.inFlight + other.inFlight,
					List.copyOf(lost));
		}

	}

	record PostgresSide(long heldUnits, Map<OrderStatus, Tally> orders) {
	}

	/**
	 * The outbox between the two sides.
	 *
	 * @param entries versions not yet flushed
	 * @param oldestAgeMs age of the oldest of them
	 * @param deadLetters entries PostgreSQL refused, waiting for a replay
	 */
	record Outbox(long entries, long oldestAgeMs, long deadLetters) {
	}

	/**
	 * The invariants an audit can see.
	 *
	 * @param noOversell units sold and held never exceed stock, on either side
	 * @param heldMatchesSold the sold counter equals the units held by orders
	 */
	record Invariants(boolean noOversell, boolean heldMatchesSold) {
	}

}
