package io.flashgroup.circle;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.order.ClaimedEntries;
import io.flashgroup.order.FlushFailures;
import io.flashgroup.order.OutboxProperties;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves post and coupon versions from the 16 circle outbox streams into PostgreSQL, as
 * the order flusher does for campaigns: a consumer group per stream, batches upserted
 * with a version guard, then {@code XACK} and {@code XDEL}; a crash between commit and
 * ack replays the batch as a no-op; entries a dead node left unacknowledged are taken
 * over with {@code XAUTOCLAIM}; failures back off exponentially and lose nothing. A
 * record PostgreSQL refuses for what it holds is isolated by halving the batch and moved
 * to the slot's {@code dead-letters} stream. The streams are fixed (16), so every node
 * drains all of them; the consumer group hands each entry to one node.
 */
@Component
class CircleFlusher implements SmartLifecycle {

	static final String GROUP = "circle-flusher";

	private static final Logger log = LoggerFactory.getLogger(CircleFlusher.class);

	private static final LuaScript CLAIM = LuaScript.load("outbox_claim");

	private final RedisReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final CircleRows rows;

	private final OutboxProperties properties;

	private final String consumer;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile long nextClaimAt;

	private volatile boolean stopping;

	private volatile Disposable loop = Disposables.disposed();

	CircleFlusher(RedisReactiveCommands<String, String> redis, LuaScripts scripts, CircleRows rows,
			OutboxProperties properties) {
		this.redis = redis;
		this.scripts = scripts;
		this.rows = rows;
		this.properties = properties;
		this.consumer = ManagementFactory.getRuntimeMXBean().getName() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt());
	}

	static String deadLetters(CircleSlot slot) {
		return slot.tag() + ":dead-letters";
	}

	@Override
	public void start() {
		this.stopping = false;
		this.loop = Flux.interval(Duration.ZERO, this.properties.pollInterval())
			.takeWhile((tick) -> !this.stopping)
			.onBackpressureDrop()
			.concatMap((tick) -> cycle().doOnNext((n) -> this.failures.set(0))
				.onErrorResume((ex) -> backoff(ex, this.failures.getAndIncrement())), 1)
			.subscribe();
	}

	private Mono<Integer> backoff(Throwable ex, int failures) {
		Duration delay = FlushFailures.backoff(failures, this.properties.maxBackoff());
		log.warn("Circle outbox flush failed (attempt {}), retrying in {} ms: {}", Math.min(failures, 16) + 1,
				delay.toMillis(), ex.toString());
		return Mono.delay(delay).thenReturn(0);
	}

	/** One pass over the 16 streams; now and then it also takes over idle entries. */
	Mono<Integer> cycle() {
		boolean claim = System.currentTimeMillis() >= this.nextClaimAt;
		if (claim) {
			this.nextClaimAt = System.currentTimeMillis() + this.properties.claimInterval().toMillis();
		}
		return Flux.range(0, CircleSlot.COUNT)
			.map(CircleSlot::new)
			.concatMap((slot) -> (claim ? claim(slot).flatMap((entries) -> write(slot, entries)).then(drain(slot))
					: drain(slot))
				.onErrorResume(CircleFlusher::noGroup, (ex) -> createGroup(slot).thenReturn(0)))
			.reduce(0, Integer::sum);
	}

	private static boolean noGroup(Throwable ex) {
		return ex instanceof RedisCommandExecutionException && String.valueOf(ex.getMessage()).startsWith("NOGROUP");
	}

	/**
	 * The stream and its group, from the first entry on (a stream Redis lost comes back
	 * empty).
	 */
	private Mono<Void> createGroup(CircleSlot slot) {
		return this.redis
			.xgroupCreate(XReadArgs.StreamOffset.from(slot.outbox(), "0"), GROUP, XGroupCreateArgs.Builder.mkstream())
			.onErrorResume(RedisBusyException.class, (ex) -> Mono.just("OK"))
			.then();
	}

	/** Reads and writes batches until the stream has no new entries. */
	private Mono<Integer> drain(CircleSlot slot) {
		return readNew(slot).flatMap((entries) -> write(slot, entries))
			.expand((count) -> (count == this.properties.batchSize())
					? readNew(slot).flatMap((entries) -> write(slot, entries)) : Mono.empty())
			.reduce(0, Integer::sum);
	}

	private Mono<List<StreamMessage<String, String>>> readNew(CircleSlot slot) {
		return this.redis
			.xreadgroup(Consumer.from(GROUP, this.consumer), XReadArgs.Builder.count(this.properties.batchSize()),
					XReadArgs.StreamOffset.lastConsumed(slot.outbox()))
			.collectList();
	}

	private Mono<List<StreamMessage<String, String>>> claim(CircleSlot slot) {
		return this.scripts.multi(CLAIM, new String[] { slot.outbox() }, GROUP, this.consumer,
				Long.toString(this.properties.claimIdle().toMillis()), Integer.toString(this.properties.batchSize()))
			.map((reply) -> ClaimedEntries.of(slot.outbox(), reply));
	}

	/** Writes and acknowledges a batch, isolating a record PostgreSQL refuses. */
	Mono<Integer> write(CircleSlot slot, List<StreamMessage<String, String>> entries) {
		if (entries.isEmpty()) {
			return Mono.just(0);
		}
		return Mono.defer(() -> store(slot, entries))
			.onErrorResume(FlushFailures::isRecordFault, (ex) -> isolate(slot, entries, ex));
	}

	private Mono<Integer> isolate(CircleSlot slot, List<StreamMessage<String, String>> entries, Throwable ex) {
		if (entries.size() > 1) {
			int half = entries.size() / 2;
			return Flux.just(entries.subList(0, half), entries.subList(half, entries.size()))
				.concatMap((part) -> write(slot, part))
				.reduce(0, Integer::sum);
		}
		StreamMessage<String, String> entry = entries.get(0);
		String error = FlushFailures.describe(ex);
		log.error("PostgreSQL refused circle outbox entry {} of {}; moved to {}: {}", entry.getId(), slot.outbox(),
				deadLetters(slot), error);
		Map<String, String> body = new LinkedHashMap<>(entry.getBody());
		body.put("error", error);
		body.put("entry", entry.getId());
		return this.redis.xadd(deadLetters(slot), body).then(ack(slot, new String[] { entry.getId() })).thenReturn(1);
	}

	private Mono<Integer> store(CircleSlot slot, List<StreamMessage<String, String>> entries) {
		List<String> posts = field(entries, "post");
		List<String> coupons = field(entries, "coupon");
		String[] ids = entries.stream().map(StreamMessage::getId).toArray(String[]::new);
		return this.rows.upsertPosts(posts)
			.then(this.rows.upsertCoupons(coupons))
			.then(ack(slot, ids))
			.thenReturn(entries.size());
	}

	private Mono<Void> ack(CircleSlot slot, String[] ids) {
		return this.redis.xack(slot.outbox(), GROUP, ids).then(this.redis.xdel(slot.outbox(), ids)).then();
	}

	private static List<String> field(List<StreamMessage<String, String>> entries, String name) {
		return entries.stream().map((entry) -> entry.getBody().get(name)).filter(Objects::nonNull).toList();
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
