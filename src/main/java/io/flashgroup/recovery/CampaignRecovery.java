package io.flashgroup.recovery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.HotState;
import io.flashgroup.order.OutboxMonitor;
import io.flashgroup.order.RestoredOrders;
import io.flashgroup.shared.Passes;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Detects campaigns whose hot state Redis lost and rebuilds it from PostgreSQL.
 * <p>
 * Detection: PostgreSQL records when a campaign retired ({@code campaigns.retired_at},
 * written once its keys were let expire), and a campaign is created in Redis before its
 * row commits. So a campaign without {@code retired_at} whose state hash is missing has
 * lost it: Redis restarted without persistence, a failover promoted a replica that was
 * behind, or keys were deleted by hand. Every node checks every
 * {@code flashgroup.recovery.check-interval}; a restart of Redis is noticed the same way
 * as the loss of one campaign.
 * <p>
 * Rebuild: every order's latest recorded version and what it implies (stock sold, units
 * per shopper, paid units, idempotency keys, pay-by timers, pending refunds), then the
 * kind's part (terms by {@code Campaigns.rebuild}, groups and sessions by
 * {@code CampaignType.rebuildRecords}), written by one script that writes nothing when
 * the campaign already has state, so two nodes rebuild it once. A flash sale split into
 * stock buckets is rebuilt bucket by bucket, each lost bucket with the orders whose id
 * routes to it and the stock the surviving buckets do not hold ({@code LostBuckets}). The
 * live {@code seq} restarts at the server time in ms, above any count it had, so watchers
 * keep ordering messages. Order versions accepted but not yet flushed when Redis lost
 * them are gone (with AOF {@code everysec}, up to a second of them); the rebuild records
 * how many were waiting in the outbox at this node's last check before the loss.
 */
@Component
public class CampaignRecovery implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CampaignRecovery.class);

	private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

	private final DatabaseClient db;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final RestoreScript restore;

	private final RestoredOrders orders;

	private final Map<String, CampaignType<?, ?, ?>> kinds;

	private final Campaigns campaigns;

	private final ActiveCampaigns active;

	private final OutboxMonitor outbox;

	private final ServerClock clock;

	private final RecoveryProperties properties;

	private final Counter restored;

	private final Counter unflushed;

	/** Campaigns found lost at the last check and not rebuilt since. */
	private final Set<Long> lost = ConcurrentHashMap.newKeySet();

	private volatile Disposable loop = Disposables.disposed();

	CampaignRecovery(DatabaseClient db, RedisClusterReactiveCommands<String, String> redis, RestoreScript restore,
			RestoredOrders orders, List<CampaignType<?, ?, ?>> kinds, Campaigns campaigns, ActiveCampaigns active,
			OutboxMonitor outbox, ServerClock clock, RecoveryProperties properties, MeterRegistry meters) {
		this.db = db;
		this.redis = redis;
		this.restore = restore;
		this.orders = orders;
		this.campaigns = campaigns;
		this.kinds = kinds.stream().collect(Collectors.toMap((kind) -> kind.kind().name(), Function.identity()));
		this.active = active;
		this.outbox = outbox;
		this.clock = clock;
		this.properties = properties;
		this.restored = Counter.builder("flashgroup.campaigns.restored")
			.description("Campaigns whose hot state was rebuilt from PostgreSQL after Redis lost it")
			.register(meters);
		this.unflushed = Counter.builder("flashgroup.campaigns.restored.unflushed")
			.description("Order versions waiting in a lost campaign's outbox at the last check before the loss")
			.register(meters);
		Gauge.builder("flashgroup.campaigns.lost", this.lost, Set::size)
			.description("Campaigns not retired whose state Redis lost and that are not rebuilt yet")
			.register(meters);
	}

	/** Campaigns found lost at the last check and not rebuilt since. */
	public List<Long> lost() {
		return this.lost.stream().sorted().toList();
	}

	/** Campaigns this node rebuilt since it started. */
	public long rebuilt() {
		return (long) this.restored.count();
	}

	/** Checks every campaign not retired now, and rebuilds those Redis lost. */
	public Mono<Integer> check() {
		// The rows are read whole first, then 32 EXISTS at a time (pipelined).
		return unretired().collectList()
			.flatMapMany(Flux::fromIterable)
			.flatMap((campaign) -> statesMissing(campaign).filter((n) -> n > 0).map((n) -> campaign), 32)
			.collectList()
			.flatMap((found) -> {
				this.lost.retainAll(found.stream().map(Unretired::id).toList());
				found.forEach((campaign) -> this.lost.add(campaign.id()));
				// A few at a time: after a restart of Redis every running campaign is
				// lost at once.
				return Flux.fromIterable(found).flatMap(this::restore, 4).reduce(0, Integer::sum);
			});
	}

	/**
	 * How many of the campaign's state hashes are missing: its own, and each other
	 * bucket's when it is split (one {@code EXISTS} per bucket: they sit in different
	 * slots).
	 */
	private Mono<Long> statesMissing(Unretired campaign) {
		CampaignKeys keys = new CampaignKeys(campaign.id()).split(campaign.buckets());
		return Flux.range(0, campaign.buckets())
			.concatMap((bucket) -> this.redis.exists(keys.inBucket(bucket).state()))
			.reduce(0L, (missing, exists) -> missing + (1 - exists));
	}

	private Flux<Unretired> unretired() {
		return this.db.sql("SELECT id, kind, buckets FROM campaigns WHERE retired_at IS NULL ORDER BY id")
			.map((row) -> new Unretired(row.get("id", Long.class), row.get("kind", String.class),
					row.get("buckets", Integer.class)))
			.all();
	}

	/**
	 * Rebuilds a lost campaign; a split one bucket by bucket, each lost bucket on its own
	 * (they live in different slots), bucket 0 last so the sale reads whole once it is
	 * back. Counted once, when its last lost bucket is back.
	 */
	private Mono<Integer> restore(Unretired campaign) {
		CampaignType<?, ?, ?> kind = this.kinds.get(campaign.kind());
		if (kind == null) {
			return Mono.just(0);
		}
		CampaignKeys sale = new CampaignKeys(campaign.id()).split(campaign.buckets());
		long lastBacklog = this.outbox.lastBacklog(campaign.id());
		return Flux.range(0, campaign.buckets())
			.map((k) -> sale.inBucket((k + 1) % campaign.buckets()))
			.concatMap((bucket) -> this.redis.exists(bucket.state())
				.filter((exists) -> exists == 0)
				.flatMap((missing) -> restore(kind, bucket)))
			.reduce(Restored.NOTHING, Restored::plus)
			.timeout(RESTORE_TIMEOUT)
			.flatMap((restored) -> (restored.orders() < 0) ? Mono.just(0)
					: recorded(campaign.id(), restored, lastBacklog))
			.onErrorResume((ex) -> {
				log.error("Rebuilding campaign {} from PostgreSQL failed; retrying at the next check", campaign.id(),
						ex);
				return Mono.just(0);
			});
	}

	/**
	 * One bucket (a campaign not split has one); orders -1 when another node was first.
	 */
	private Mono<Restored> restore(CampaignType<?, ?, ?> kind, CampaignKeys bucket) {
		HotState state = new HotState(bucket, this.clock.millis()).state("sold", 0).state("paid", 0);
		// In the active set first: if the rebuild fails half-way, the next check
		// retries it, and once it has state the flusher and the timer worker serve it.
		Mono<Void> active = (bucket.bucket() == 0) ? this.active.add(bucket.campaignId()) : this.active.add(bucket);
		return active.then(this.orders.addTo(state))
			.then(this.campaigns.rebuild(kind, new CampaignId(bucket.campaignId()), state))
			.then(Mono.defer(() -> this.restore.write(state)))
			.map((result) -> "RESTORED".equals(result) ? new Restored(state.orders(), state.records())
					: new Restored(-1, 0));
	}

	private Mono<Integer> recorded(long id, Restored state, long lastBacklog) {
		this.lost.remove(id);
		this.restored.increment();
		this.unflushed.increment(lastBacklog);
		long now = this.clock.millis();
		log.warn(
				"Redis had lost campaign {}: rebuilt from PostgreSQL with {} orders and {} groups/sessions; "
						+ "{} order versions were waiting in its outbox at this node's last check before the loss",
				id, state.orders(), state.records(), lastBacklog);
		return this.db
			.sql("INSERT INTO campaign_recoveries (campaign_id, recovered_at, orders, records, unflushed_at_check) "
					+ "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
			.bind(0, id)
			.bind(1, Instant.ofEpochMilli(now).atOffset(ZoneOffset.UTC))
			.bind(2, state.orders())
			.bind(3, state.records())
			.bind(4, lastBacklog)
			.then()
			.onErrorResume((ex) -> {
				log.warn("Could not record the rebuild of campaign {}: {}", id, ex.toString());
				return Mono.empty();
			})
			.thenReturn(1);
	}

	/**
	 * The first check comes one interval after the start, not at once: a node started
	 * next to running ones (a test context, a rolling restart) must not race a check
	 * already under way elsewhere, and a second is soon enough for a node that starts.
	 */
	@Override
	public void start() {
		this.loop = Passes.every(this.properties.checkInterval(), this.properties.checkInterval(), this::check, log,
				"Lost-state check");
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

	private record Unretired(long id, String kind, int buckets) {
	}

	/**
	 * What a rebuild wrote back.
	 *
	 * @param orders orders restored, -1 when this node restored no bucket (another node
	 * was first)
	 * @param records groups and sessions restored
	 */
	private record Restored(int orders, int records) {

		static final Restored NOTHING = new Restored(-1, 0);

		Restored plus(Restored other) {
			if (this.orders < 0 || other.orders < 0) {
				return (this.orders < 0) ? other : this;
			}
			return new Restored(this.orders + other.orders, this.records + other.records);
		}

	}

}
