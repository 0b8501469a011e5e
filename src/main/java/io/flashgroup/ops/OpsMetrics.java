package io.flashgroup.ops;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.flashgroup.live.LiveHub;
import io.flashgroup.live.LiveSource;
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
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The ops dashboard's feed: every node publishes its own counters once a second on the
 * live topic {@code ops:metrics} (purchases by outcome, live sessions, outbox lag, orders
 * flushed). Counters are totals since the node started; the dashboard turns them into
 * rates. {@code seq} is the Redis time of the reading, so readings of one node never go
 * backwards.
 */
@Component
class OpsMetrics implements LiveSource, SmartLifecycle {

	static final String TOPIC = "ops:metrics";

	private static final Logger log = LoggerFactory.getLogger(OpsMetrics.class);

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final MeterRegistry meters;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ServerClock clock;

	private final JsonMapper json;

	private final String node = ManagementFactory.getRuntimeMXBean().getName();

	private volatile Disposable loop = Disposables.disposed();

	OpsMetrics(MeterRegistry meters, RedisClusterReactiveCommands<String, String> redis, ServerClock clock,
			JsonMapper json) {
		this.meters = meters;
		this.redis = redis;
		this.clock = clock;
		this.json = json;
	}

	@Override
	public String prefix() {
		return "ops";
	}

	/** Business counters are for ops only. */
	@Override
	public String requiredRole() {
		return "OPS";
	}

	@Override
	public Mono<String> snapshot(String id) {
		return "metrics".equals(id) ? Mono.fromSupplier(this::message) : Mono.empty();
	}

	/** This node's reading as a live message. */
	String message() {
		long now = this.clock.millis();
		Map<String, Long> purchases = new TreeMap<>();
		for (Counter counter : this.meters.find("flashgroup.purchases").counters()) {
			purchases.merge(String.valueOf(counter.getId().getTag("outcome")), (long) counter.count(), Long::sum);
		}
		Map<String, Object> state = new TreeMap<>();
		state.put("node", this.node);
		state.put("purchases", purchases);
		state.put("liveSessions", total("flashgroup.live.sessions"));
		state.put("outboxLagEntries", gauge("flashgroup.outbox.lag.entries"));
		state.put("outboxLagSeconds", gauge("flashgroup.outbox.lag.age"));
		state.put("outboxDeadLetters", gauge("flashgroup.outbox.dead.entries"));
		Counter flushed = this.meters.find("flashgroup.flush.orders").counter();
		state.put("ordersFlushed", (flushed != null) ? (long) flushed.count() : 0L);
		return this.json.writeValueAsString(Map.of("seq", now, "serverTime", now, "state", state));
	}

	/** The sum over all tags (the live sessions: one gauge per transport). */
	private double total(String name) {
		return this.meters.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
	}

	private double gauge(String name) {
		Gauge gauge = this.meters.find(name).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	@Override
	public void start() {
		this.loop = Passes.every(INTERVAL,
				() -> Mono.fromSupplier(this::message).flatMap((m) -> this.redis.publish(LiveHub.channel(TOPIC), m)),
				log, "Ops metrics");
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
