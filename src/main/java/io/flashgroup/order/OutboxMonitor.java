package io.flashgroup.order;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.Range;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Measures how far PostgreSQL is behind Redis: entries still in the outboxes and the age
 * of the oldest one. Flushed entries are deleted, so the stream length is the backlog.
 */
@Component
public class OutboxMonitor implements SmartLifecycle {

	private final RedisReactiveCommands<String, String> redis;

	private final ActiveCampaigns campaigns;

	private final OutboxProperties properties;

	private final AtomicReference<OutboxLag> lag = new AtomicReference<>(new OutboxLag(0, 0, false));

	private volatile Disposable loop = Disposables.disposed();

	OutboxMonitor(RedisReactiveCommands<String, String> redis, ActiveCampaigns campaigns, OutboxProperties properties,
			MeterRegistry meters) {
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
			.reduce(new OutboxLag(0, 0, true), (total, one) -> total.plus(one, now))
			.doOnNext(this.lag::set);
	}

	/** Measures one campaign's outbox now. */
	public Mono<OutboxLag> measure(CampaignKeys keys) {
		long now = System.currentTimeMillis();
		return stream(keys, now).map((stream) -> new OutboxLag(0, 0, true).plus(stream, now));
	}

	private Mono<Tuple2<Long, Long>> stream(CampaignKeys keys, long now) {
		return Mono.zip(this.redis.xlen(keys.outbox()), oldest(keys).defaultIfEmpty(now));
	}

	private Mono<Long> oldest(CampaignKeys keys) {
		return this.redis.xrange(keys.outbox(), Range.create("-", "+"), io.lettuce.core.Limit.from(1))
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
	 * @param measured whether a measurement has completed
	 */
	public record OutboxLag(long entries, long oldestAgeMillis, boolean measured) {

		OutboxLag plus(Tuple2<Long, Long> stream, long now) {
			long age = (stream.getT1() > 0) ? Math.max(0, now - stream.getT2()) : 0;
			return new OutboxLag(this.entries + stream.getT1(), Math.max(this.oldestAgeMillis, age), true);
		}

	}

}
