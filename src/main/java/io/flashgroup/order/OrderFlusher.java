package io.flashgroup.order;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.RetiredCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves order versions from the campaigns' outbox streams into PostgreSQL, exactly once:
 * read with a consumer group, upsert the batch in one statement with a version guard,
 * then {@code XACK} and {@code XDEL}. A crash between commit and ack replays the batch,
 * which the guard turns into a no-op. Entries left unacknowledged by a dead node are
 * taken over with {@code XAUTOCLAIM}. While PostgreSQL is down the streams simply grow
 * and the flusher retries with exponential backoff; nothing is dropped. An entry
 * PostgreSQL refuses for what it holds is isolated and moved to {@link DeadLetters} (see
 * {@link OutboxWriter}).
 */
@Component
class OrderFlusher implements SmartLifecycle {

	static final String GROUP = "flusher";

	private static final Logger log = LoggerFactory.getLogger(OrderFlusher.class);

	private static final LuaScript CLAIM = LuaScript.load("outbox_claim");

	private static final LuaScript RETIRE = LuaScript.load("campaign_retire");

	private final RedisReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final ActiveCampaigns campaigns;

	private final RetiredCampaigns retired;

	private final OutboxWriter writer;

	private final OutboxProperties properties;

	private final String consumer;

	/** Campaigns already reported as lost by this node. */
	private final Set<Long> lost = ConcurrentHashMap.newKeySet();

	private volatile long nextClaimAt;

	/** Consecutive failed passes; the backoff grows with it. */
	private final AtomicInteger failures = new AtomicInteger();

	private volatile Disposable loop = Disposables.disposed();

	private volatile boolean stopping;

	private final AtomicReference<@Nullable Runnable> onStopped = new AtomicReference<>();

	OrderFlusher(RedisReactiveCommands<String, String> redis, LuaScripts scripts, ActiveCampaigns campaigns,
			RetiredCampaigns retired, OutboxWriter writer, OutboxProperties properties) {
		this.redis = redis;
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.retired = retired;
		this.writer = writer;
		this.properties = properties;
		this.consumer = ManagementFactory.getRuntimeMXBean().getName() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt());
	}

	@Override
	public void start() {
		this.stopping = false;
		this.loop = passes(this.properties, this::cycle, () -> this.stopping, this.failures).doFinally((signal) -> {
			Runnable callback = this.onStopped.getAndSet(null);
			if (callback != null) {
				callback.run();
			}
		}).subscribe();
	}

	/**
	 * The loop: a pass every poll interval, never two at once, until {@code stopping}; a
	 * failed pass pauses it with backoff instead of ending it, a successful one resets
	 * the backoff. Static so tests drive it in virtual time with their own pass.
	 * @param pass one pass over all active campaigns, emitting the entries it wrote
	 * @param failures consecutive failed passes, kept across restarts of the loop
	 */
	static Flux<Integer> passes(OutboxProperties properties, Supplier<Mono<Integer>> pass, BooleanSupplier stopping,
			AtomicInteger failures) {
		return Flux.interval(Duration.ZERO, properties.pollInterval())
			.takeWhile((tick) -> !stopping.getAsBoolean())
			.onBackpressureDrop()
			.concatMap((tick) -> pass.get()
				.doOnNext((n) -> failures.set(0))
				.onErrorResume((ex) -> backoff(ex, failures.getAndIncrement(), properties.maxBackoff())), 1);
	}

	/** One pass over all active campaigns. */
	private Mono<Integer> cycle() {
		boolean claim = System.currentTimeMillis() >= this.nextClaimAt;
		if (claim) {
			this.nextClaimAt = System.currentTimeMillis() + this.properties.claimInterval().toMillis();
		}
		return this.campaigns.keys()
			.concatMap((keys) -> (claim ? claimAndRetire(keys) : drain(keys)).onErrorResume(OrderFlusher::streamLost,
					(ex) -> skipLost(keys)))
			.reduce(0, Integer::sum);
	}

	/**
	 * An active campaign whose outbox stream and consumer group are gone: Redis lost its
	 * state (a restart without persistence). It must not stall every other campaign's
	 * flush, so it is skipped, reported once per node; the audit names it.
	 */
	private static boolean streamLost(Throwable ex) {
		return ex instanceof RedisCommandExecutionException && String.valueOf(ex.getMessage()).startsWith("NOGROUP");
	}

	private Mono<Integer> skipLost(CampaignKeys keys) {
		if (this.lost.add(keys.campaignId())) {
			log.error("Campaign {} is active but its outbox stream is gone: Redis lost its state; skipping it "
					+ "until it is rebuilt from PostgreSQL", keys.campaignId());
		}
		return Mono.just(0);
	}

	private static Mono<Integer> backoff(Throwable ex, int failures, Duration maxBackoff) {
		Duration delay = FlushFailures.backoff(failures, maxBackoff);
		log.warn("Outbox flush failed (attempt {}), retrying in {} ms: {}", Math.min(failures, 16) + 1,
				delay.toMillis(), ex.toString());
		return Mono.delay(delay).thenReturn(0);
	}

	private Mono<Integer> claimAndRetire(CampaignKeys keys) {
		return claim(keys).flatMap((entries) -> this.writer.write(keys, entries))
			.then(drain(keys))
			.flatMap((count) -> retire(keys).thenReturn(count));
	}

	/** Reads and writes batches until the stream has no new entries. */
	Mono<Integer> drain(CampaignKeys keys) {
		return readNew(keys).flatMap((entries) -> this.writer.write(keys, entries))
			.expand((count) -> (count == this.properties.batchSize())
					? readNew(keys).flatMap((entries) -> this.writer.write(keys, entries)) : Mono.empty())
			.reduce(0, Integer::sum);
	}

	private Mono<List<StreamMessage<String, String>>> readNew(CampaignKeys keys) {
		return this.redis
			.xreadgroup(Consumer.from(GROUP, this.consumer), XReadArgs.Builder.count(this.properties.batchSize()),
					XReadArgs.StreamOffset.lastConsumed(keys.outbox()))
			.collectList();
	}

	private Mono<List<StreamMessage<String, String>>> claim(CampaignKeys keys) {
		return this.scripts.multi(CLAIM, new String[] { keys.outbox() }, GROUP, this.consumer,
				Long.toString(this.properties.claimIdle().toMillis()), Integer.toString(this.properties.batchSize()))
			.map((reply) -> ClaimedEntries.of(keys.outbox(), reply));
	}

	private Mono<Void> retire(CampaignKeys keys) {
		String retention = Long.toString(this.properties.retention().toSeconds());
		return this.scripts.integer(RETIRE, keys.all(), retention)
			.filter((retired) -> retired == 1)
			// PostgreSQL first: a campaign leaves the active set only once the record
			// says no
			// state is expected for it (else the retry of the next pass marks it).
			.flatMap((retired) -> this.retired.mark(keys.campaignId()).then(this.campaigns.remove(keys.campaignId())));
	}

	/**
	 * Stops after the batch in flight is written and acknowledged, so no entry is left
	 * pending for another node to claim later.
	 */
	@Override
	public void stop(Runnable callback) {
		this.onStopped.set(callback);
		this.stopping = true;
		if (this.loop.isDisposed() && this.onStopped.compareAndSet(callback, null)) {
			callback.run();
		}
	}

	@Override
	public void stop() {
		this.stopping = true;
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

}
