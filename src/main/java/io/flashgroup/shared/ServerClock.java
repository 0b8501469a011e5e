package io.flashgroup.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Redis server time as seen from this node. Scripts use Redis {@code TIME} directly; this
 * clock tracks the offset between Redis and the local clock so that {@code serverTime}
 * fields and the WebSocket hello agree with the scripts, even on a node whose clock is
 * skewed.
 */
@Component
public class ServerClock implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ServerClock.class);

	private static final Duration REFRESH = Duration.ofSeconds(10);

	private final RedisClusterReactiveCommands<String, String> redis;

	private final AtomicLong offsetMillis = new AtomicLong();

	private volatile Disposable refresher = Disposables.disposed();

	private volatile boolean running;

	ServerClock(RedisClusterReactiveCommands<String, String> redis) {
		this.redis = redis;
	}

	/** Current Redis server time in epoch milliseconds, estimated locally. */
	public long millis() {
		return System.currentTimeMillis() + this.offsetMillis.get();
	}

	public Instant now() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public void start() {
		this.refresher = Flux.interval(Duration.ZERO, REFRESH).concatMap((tick) -> sync().onErrorResume((ex) -> {
			log.warn("Cannot read Redis time: {}", ex.toString());
			return Mono.empty();
		})).subscribe();
		this.running = true;
	}

	private Mono<Void> sync() {
		long before = System.currentTimeMillis();
		return this.redis.time().collectList().doOnNext((time) -> {
			long after = System.currentTimeMillis();
			long redisMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
			this.offsetMillis.set(redisMillis - (before + after) / 2);
		}).then();
	}

	@Override
	public void stop() {
		this.refresher.dispose();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
