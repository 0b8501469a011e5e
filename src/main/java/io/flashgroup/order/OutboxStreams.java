package io.flashgroup.order;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How every flusher reads an outbox stream with its consumer group: batches of new
 * entries until the stream is drained, idle entries of dead consumers taken over now and
 * then ({@code outbox_claim.lua}), and the loop of passes with backoff. Shared by the
 * order flusher and the circle's flusher, which differ only in what they write.
 */
public final class OutboxStreams {

	private static final Logger log = LoggerFactory.getLogger(OutboxStreams.class);

	private static final LuaScript CLAIM = LuaScript.load("outbox_claim");

	private static final LuaScript ACK = LuaScript.load("outbox_ack");

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final OutboxProperties properties;

	private final String group;

	/** This node's consumer name: unique per process start. */
	private final String consumer = ManagementFactory.getRuntimeMXBean().getName() + "-"
			+ Integer.toHexString(ThreadLocalRandom.current().nextInt());

	private volatile long nextClaimAt;

	public OutboxStreams(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts,
			OutboxProperties properties, String group) {
		this.redis = redis;
		this.scripts = scripts;
		this.properties = properties;
		this.group = group;
	}

	/**
	 * The loop: a pass every poll interval, never two at once, until {@code stopping}; a
	 * failed pass pauses it with backoff instead of ending it, a successful one resets
	 * the backoff. Static so tests drive it in virtual time with their own pass.
	 * @param pass one pass over the streams, emitting the entries it wrote
	 * @param failures consecutive failed passes, kept across restarts of the loop
	 */
	public static Flux<Integer> passes(OutboxProperties properties, Supplier<Mono<Integer>> pass,
			BooleanSupplier stopping, AtomicInteger failures) {
		return Flux.interval(Duration.ZERO, properties.pollInterval())
			.takeWhile((tick) -> !stopping.getAsBoolean())
			.onBackpressureDrop()
			.concatMap((tick) -> pass.get()
				.doOnNext((n) -> failures.set(0))
				.onErrorResume((ex) -> backoff(ex, failures.getAndIncrement(), properties.maxBackoff())), 1);
	}

	private static Mono<Integer> backoff(Throwable ex, int failures, Duration maxBackoff) {
		Duration delay = FlushFailures.backoff(failures, maxBackoff);
		log.warn("Outbox flush failed (attempt {}), retrying in {} ms: {}", Math.min(failures, 16) + 1,
				delay.toMillis(), ex.toString());
		return Mono.delay(delay).thenReturn(0);
	}

	/** Whether this pass also takes over idle entries (every claim interval). */
	public boolean claimDue() {
		long now = System.currentTimeMillis();
		if (now < this.nextClaimAt) {
			return false;
		}
		this.nextClaimAt = now + this.properties.claimInterval().toMillis();
		return true;
	}

	/** Whether a read failed because the stream or its consumer group is gone. */
	public static boolean groupMissing(Throwable ex) {
		// Redis 7 passes a script's error on as it is; 6.2 wraps it in "ERR Error running
		// script (...): @user_script:n: NOGROUP ...".
		if (!(ex instanceof RedisCommandExecutionException)) {
			return false;
		}
		String message = String.valueOf(ex.getMessage());
		return message.startsWith("NOGROUP") || message.contains(": NOGROUP ");
	}

	/**
	 * Reads and writes batches until the stream has no new entries.
	 * @param write writes and acknowledges a batch, emitting how many entries it took
	 */
	public Mono<Integer> drain(String stream, Function<List<StreamMessage<String, String>>, Mono<Integer>> write) {
		return readNew(stream).flatMap(write)
			.expand((count) -> (count == this.properties.batchSize()) ? readNew(stream).flatMap(write) : Mono.empty())
			.reduce(0, Integer::sum);
	}

	private Mono<List<StreamMessage<String, String>>> readNew(String stream) {
		return this.redis
			.xreadgroup(Consumer.from(this.group, this.consumer), XReadArgs.Builder.count(this.properties.batchSize()),
					XReadArgs.StreamOffset.lastConsumed(stream))
			.collectList();
	}

	/**
	 * Acknowledges and deletes entries PostgreSQL now holds, in one script: as two
	 * commands, a failure between them left entries acknowledged but never deleted, which
	 * no later read returns, so the outbox never drained.
	 */
	public static Mono<Long> ack(LuaScripts scripts, String stream, String group, String[] ids) {
		String[] args = new String[ids.length + 1];
		args[0] = group;
		System.arraycopy(ids, 0, args, 1, ids.length);
		return scripts.integer(ACK, new String[] { stream }, args);
	}

	/** {@link #ack(LuaScripts, String, String, String[])} for this flusher's group. */
	public Mono<Long> ack(String stream, String[] ids) {
		return ack(this.scripts, stream, this.group, ids);
	}

	/**
	 * Entries idle longer than {@code claim-idle}, taken over from their dead consumer.
	 */
	public Mono<List<StreamMessage<String, String>>> claim(String stream) {
		return this.scripts.multi(CLAIM, new String[] { stream }, this.group, this.consumer,
				Long.toString(this.properties.claimIdle().toMillis()), Integer.toString(this.properties.batchSize()))
			.map((reply) -> ClaimedEntries.of(stream, reply));
	}

}
