package io.flashgroup.timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTimers;
import io.flashgroup.shared.Passes;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies due timers (pay-window expiries, phase changes) of every active campaign. Every
 * node runs one; the script pops each due member exactly once, so concurrent workers are
 * harmless and any live node keeps expiring reservations when another dies.
 */
@Component
class TimerWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TimerWorker.class);

	private final ActiveCampaigns campaigns;

	private final Map<String, CampaignTimers> timersByKind;

	private final RedisReactiveCommands<String, String> redis;

	/** Campaign id to kind; a campaign's kind never changes. */
	private final Map<Long, String> kinds = new ConcurrentHashMap<>();

	private final TimerProperties properties;

	private final Timer lag;

	private volatile Disposable loop = Disposables.disposed();

	TimerWorker(ActiveCampaigns campaigns, List<CampaignTimers> timers, RedisReactiveCommands<String, String> redis,
			TimerProperties properties, MeterRegistry meters) {
		this.campaigns = campaigns;
		this.timersByKind = timers.stream()
			.collect(Collectors.toMap((kind) -> kind.kind().name(), Function.identity()));
		this.redis = redis;
		this.properties = properties;
		this.lag = Timer.builder("flashgroup.timers.lag")
			.description("How late due timers were applied")
			.register(meters);
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.pollInterval(), this::applyDue, log, "Timer");
	}

	/** One pass over all active campaigns. */
	Mono<Void> applyDue() {
		return this.campaigns.all().flatMapMany((ids) -> {
			this.kinds.keySet().retainAll(ids);
			return Flux.fromIterable(ids);
		}).map(CampaignKeys::new).flatMap(this::apply, 8).then();
	}

	private Mono<Void> apply(CampaignKeys keys) {
		return kind(keys).flatMap((kind) -> {
			CampaignTimers timers = this.timersByKind.get(kind);
			if (timers == null) {
				log.warn("No timers for campaign {} of kind {}", keys.campaignId(), kind);
				return Mono.empty();
			}
			return timers.applyTimers(keys, this.properties.batchSize()).doOnNext(this::record).then();
		});
	}

	/**
	 * The kind every create script records in the state hash. A campaign without state
	 * (Redis lost it and it is being rebuilt) has no timers yet: it is skipped, and its
	 * kind is not remembered.
	 */
	private Mono<String> kind(CampaignKeys keys) {
		String known = this.kinds.get(keys.campaignId());
		if (known != null) {
			return Mono.just(known);
		}
		return this.redis.hget(keys.state(), "kind").doOnNext((kind) -> this.kinds.put(keys.campaignId(), kind));
	}

	private void record(List<Object> reply) {
		long applied = ((Number) reply.get(0)).longValue();
		if (applied > 0) {
			this.lag.record(Duration.ofMillis(((Number) reply.get(1)).longValue()));
		}
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

}
