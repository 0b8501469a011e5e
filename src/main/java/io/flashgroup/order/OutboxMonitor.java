package io.flashgroup.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Measures how far PostgreSQL is behind Redis: entries still in the outboxes and the age
 * of the oldest one. Flushed entries are deleted, so the stream length is the backlog.
 * Also counts the entries PostgreSQL refused ({@link DeadLetters}).
 */
@Component
public class OutboxMonitor implements SmartLifecycle {

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ActiveCampaigns campaigns;

	private final OutboxProperties properties;

	private final AtomicReference<OutboxLag> lag = new AtomicReference<>(OutboxLag.NONE);

	private final Map<Long, Long> backlogs = new ConcurrentHashMap<>();

	private volatile Disposable loop = Disposables.disposed();

	OutboxMonitor(RedisClusterReactiveCommands<String, String> redis, ActiveCampaigns campaigns,
			OutboxProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.campaigns = campaigns;
		this.properties = properties;
		Gauge.builder("flashgroup.outbox.lag.entries", this.lag, (l) -> l.get().entries())
			.description("Order versions not yet in PostgreSQL")
			.register(meters);
		Gauge.builder("flashgroup.outbox.lag.age", this.lag, (l) -> l.get().oldestAgeMillis() / 1000.0)
			.description("Age in seconds of the oldest unflushed order version")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("flashgroup.outbox.dead.entries", this.lag, (l) -> l.get().deadLetters())
			.description("Outbox entries PostgreSQL refused, waiting in dead-letter streams for a replay")
			.register(meters);
	}

	/**
	 * The latest measurement; {@code measured} is false until the first one completed.
	 */
	public OutboxLag current() {
		return this.lag.get();
	}

	/** Measures now. */
	public Mono<OutboxLag> measure() {
		long now = System.currentTimeMillis();
		return this.campaigns.keys()
			.flatMap((keys) -> stream(keys, now), 8)
			.reduce(OutboxLag.MEASURED, OutboxLag::plus)
			.doOnNext(this.lag::set);
	}

	/** Measures one campaign's outbox now. */
	public Mono<OutboxLag> measure(CampaignKeys keys) {
		return stream(keys, System.currentTimeMillis()).map(OutboxLag.MEASURED::plus);
	}

	/**
	 * Order versions waiting in the campaign's outbox at the last measurement while Redis
	 * still had its state (0 when this node never measured it): what a loss of its state
	 * just after that measurement took with it.
	 */
	public long lastBacklog(long campaignId) {
		return this.backlogs.getOrDefault(campaignId, 0L);
	}

	private Mono<OutboxLag> stream(CampaignKeys keys, long now) {
		return Mono
			.zip(this.redis.xlen(keys.outbox()), oldest(keys).defaultIfEmpty(now), this.redis.xlen(keys.deadLetters()),
					this.redis.exists(keys.state()))
			.map((t) -> {
				if (t.getT4() == 1) {
					this.backlogs.put(keys.campaignId(), t.getT1());
				}
				return new OutboxLag(t.getT1(), (t.getT1() > 0) ? Math.max(0, now - t.getT2()) : 0, t.getT3(),
						(t.getT3() > 0) ? List.of(keys.campaignId()) : List.of(), true);
			});
	}

	private Mono<Long> oldest(CampaignKeys keys) {
		return this.redis.xrange(keys.outbox(), Range.create("-", "+"), Limit.from(1))
			.next()
			.map((entry) -> Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-'))));
	}

	@Override
	public void start() {
		this.loop = Flux.interval(Duration.ZERO, this.properties.lagInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> measure().onErrorResume((ex) -> Mono.empty()), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

	/**
	 * Outbox backlog.
	 *
	 * @param entries order versions not yet flushed
	 * @param oldestAgeMillis age of the oldest of them
	 * @param deadLetters entries PostgreSQL refused, waiting for a replay
	 * @param deadLetterCampaigns the campaigns holding them
	 * @param measured whether a measurement has completed
	 */
	public record OutboxLag(long entries, long oldestAgeMillis, long deadLetters, List<Long> deadLetterCampaigns,
			boolean measured) {

		static final OutboxLag NONE = new OutboxLag(0, 0, 0, List.of(), false);

		static final OutboxLag MEASURED = new OutboxLag(0, 0, 0, List.of(), true);

		public OutboxLag plus(OutboxLag other) {
			return new OutboxLag(this.entries + other.entries, Math.max(this.oldestAgeMillis, other.oldestAgeMillis),
					this.deadLetters + other.deadLetters, concat(this.deadLetterCampaigns, other.deadLetterCampaigns),
					true);
		}

		private static List<Long> concat(List<Long> a, List<Long> b) {
			List<Long> all = new ArrayList<>(a);
			all.addAll(b);
			return List.copyOf(all);
		}

	}

}
