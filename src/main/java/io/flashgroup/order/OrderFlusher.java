package io.flashgroup.order;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.RetiredCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
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

	private static final LuaScript RETIRE = LuaScript.load("campaign_retire");

	private final LuaScripts scripts;

	private final ActiveCampaigns campaigns;

	private final RetiredCampaigns retired;

	private final OutboxWriter writer;

	private final OutboxProperties properties;

	private final OutboxStreams streams;

	/** Campaigns already reported as lost by this node. */
	private final Set<Long> lost = ConcurrentHashMap.newKeySet();

	/** Consecutive failed passes; the backoff grows with it. */
	private final AtomicInteger failures = new AtomicInteger();

	private volatile Disposable loop = Disposables.disposed();

	private volatile boolean stopping;

	private final AtomicReference<@Nullable Runnable> onStopped = new AtomicReference<>();

	OrderFlusher(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, ActiveCampaigns campaigns,
			RetiredCampaigns retired, OutboxWriter writer, OutboxProperties properties) {
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.retired = retired;
		this.writer = writer;
		this.properties = properties;
		this.streams = new OutboxStreams(redis, scripts, properties, GROUP);
	}

	@Override
	public void start() {
		this.stopping = false;
		this.loop = OutboxStreams.passes(this.properties, this::cycle, () -> this.stopping, this.failures)
			.doFinally((signal) -> {
				Runnable callback = this.onStopped.getAndSet(null);
				if (callback != null) {
					callback.run();
				}
			})
			.subscribe();
	}

	/** One pass over all active campaigns. */
	private Mono<Integer> cycle() {
		boolean claim = this.streams.claimDue();
		return this.campaigns.keys()
			.concatMap((keys) -> (claim ? claimAndRetire(keys) : drain(keys)).onErrorResume(OutboxStreams::groupMissing,
					(ex) -> skipLost(keys)))
			.reduce(0, Integer::sum);
	}

	/**
	 * An active campaign whose outbox stream and consumer group are gone: Redis lost its
	 * state (a restart without persistence). It must not stall every other campaign's
	 * flush, so it is skipped, reported once per node; the audit names it.
	 */
	private Mono<Integer> skipLost(CampaignKeys keys) {
		if (this.lost.add(keys.campaignId())) {
			log.error("Campaign {} is active but its outbox stream is gone: Redis lost its state; skipping it "
					+ "until it is rebuilt from PostgreSQL", keys.campaignId());
		}
		return Mono.just(0);
	}

	private Mono<Integer> claimAndRetire(CampaignKeys keys) {
		return this.streams.claim(keys.outbox())
			.flatMap((entries) -> this.writer.write(keys, entries))
			.then(drain(keys))
			.flatMap((count) -> retire(keys).thenReturn(count));
	}

	Mono<Integer> drain(CampaignKeys keys) {
		return this.streams.drain(keys.outbox(), (entries) -> this.writer.write(keys, entries));
	}

	private Mono<Void> retire(CampaignKeys keys) {
		String retention = Long.toString(this.properties.retention().toSeconds());
		return this.scripts.integer(RETIRE, keys.all(), retention)
			.filter((retired) -> retired == 1)
			.flatMap((retired) -> (keys.bucket() > 0) ? this.campaigns.remove(keys) : retireCampaign(keys));
	}

	/**
	 * Bucket 0 is the campaign's record: it is marked retired only once every other
	 * bucket of a bucketed flash sale has left the active set (the next pass retries).
	 * PostgreSQL first: a campaign leaves the active set only once the record says no
	 * state is expected for it (else the retry of the next pass marks it).
	 */
	private Mono<Void> retireCampaign(CampaignKeys keys) {
		return this.campaigns.otherBucketsActive(keys.campaignId())
			.filter((others) -> !others)
			.flatMap((none) -> this.retired.mark(keys.campaignId()).then(this.campaigns.remove(keys.campaignId())));
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
