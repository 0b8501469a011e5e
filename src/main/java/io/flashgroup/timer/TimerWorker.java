package io.flashgroup.timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTimers;
import io.flashgroup.shared.Passes;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
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

	private final Map<String, CampaignTimers> timersByKind;

	private final Supplier<Mono<List<Long>>> active;

	private final Function<CampaignKeys, Mono<String>> storedKind;

	/** Campaign id to kind; a campaign's kind never changes. */
	private final Map<Long, String> kinds = new ConcurrentHashMap<>();

	private final TimerProperties properties;

	private final Timer lag;

	private volatile Disposable loop = Disposables.disposed();

	@Autowired
	TimerWorker(ActiveCampaigns campaigns, List<CampaignTimers> timers,
			RedisClusterReactiveCommands<String, String> redis, TimerProperties properties, MeterRegistry meters) {
		this(campaigns::all, (keys) -> redis.hget(keys.state(), "kind"), timers, properties, meters);
	}

	/**
	 * @param active the ids of the active campaigns ({@link ActiveCampaigns#all})
	 * @param storedKind the kind recorded in a campaign's state (every create script
	 * records it), empty without state
	 */
	TimerWorker(Supplier<Mono<List<Long>>> active, Function<CampaignKeys, Mono<String>> storedKind,
			List<CampaignTimers> timers, TimerProperties properties, MeterRegistry meters) {
		this.active = active;
		this.storedKind = storedKind;
		this.timersByKind = timers.stream()
			.collect(Collectors.toMap((kind) -> kind.kind().name(), Function.identity()));
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
		return this.active.get().flatMapMany((ids) -> {
			this.kinds.keySet().retainAll(ids);
			return Flux.fromIterable(ids);
		}).map(CampaignKeys::new).flatMap(this::applyIsolated, 8).then();
	}

	/**
	 * One campaign's due timers; its failure (e.g. a damaged key) is logged and ends
	 * neither the pass nor the other campaigns' timers, which would otherwise never run
	 * while it stays broken.
	 */
	private Mono<Void> applyIsolated(CampaignKeys keys) {
		return apply(keys).onErrorResume((ex) -> {
			log.warn("Timers of campaign {} failed: {}", keys.campaignId(), ex.toString());
			return Mono.empty();
		});
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
	 * The kind recorded in the state hash. A campaign without state (Redis lost it and it
	 * is being rebuilt) has no timers yet: it is skipped, and its kind is not remembered.
	 */
	private Mono<String> kind(CampaignKeys keys) {
		String known = this.kinds.get(keys.campaignId());
		if (known != null) {
			return Mono.just(known);
		}
		return this.storedKind.apply(keys).doOnNext((kind) -> this.kinds.put(keys.campaignId(), kind));
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
