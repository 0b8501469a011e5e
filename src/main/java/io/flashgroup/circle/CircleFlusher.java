package io.flashgroup.circle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.level.Experience;
import io.flashgroup.order.FlushFailures;
import io.flashgroup.order.OutboxStreams;
import io.flashgroup.order.OutboxProperties;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Moves post and coupon versions from the 16 circle outbox streams into PostgreSQL, as
 * the order flusher does for campaigns: a consumer group per stream, batches upserted
 * with a version guard, then {@code XACK} and {@code XDEL}; a crash between commit and
 * ack replays the batch as a no-op; entries a dead node left unacknowledged are taken
 * over with {@code XAUTOCLAIM}; failures back off exponentially and lose nothing. A
 * record PostgreSQL refuses for what it holds is isolated by halving the batch and moved
 * to the slot's {@code dead-letters} stream. The streams are fixed (16), so every node
 * drains all of them; the consumer group hands each entry to one node. The experience a
 * batch proves (shares, claims, purchases, withdrawn shares) is written to the XP ledger
 * in the batch's transaction, so it is counted exactly when the rows are; levels that
 * changed are announced after the commit.
 */
@Component
class CircleFlusher implements SmartLifecycle {

	static final String GROUP = "circle-flusher";

	private static final Logger log = LoggerFactory.getLogger(CircleFlusher.class);

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final CircleRows rows;

	private final OutboxProperties properties;

	private final OutboxStreams streams;

	private final TransactionalOperator transaction;

	private final ExperienceEvents events;

	private final Experience experience;

	private final FeedHints hints;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile boolean stopping;

	private volatile Disposable loop = Disposables.disposed();

	CircleFlusher(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, CircleRows rows,
			OutboxProperties properties, TransactionalOperator transaction, ExperienceEvents events,
			Experience experience, FeedHints hints) {
		this.hints = hints;
		this.redis = redis;
		this.scripts = scripts;
		this.rows = rows;
		this.properties = properties;
		this.transaction = transaction;
		this.events = events;
		this.experience = experience;
		this.streams = new OutboxStreams(redis, scripts, properties, GROUP);
	}

	static String deadLetters(CircleSlot slot) {
		return slot.tag() + ":dead-letters";
	}

	@Override
	public void start() {
		this.stopping = false;
		this.loop = OutboxStreams.passes(this.properties, this::cycle, () -> this.stopping, this.failures).subscribe();
	}

	/** One pass over the 16 streams; now and then it also takes over idle entries. */
	Mono<Integer> cycle() {
		boolean claim = this.streams.claimDue();
		return Flux.range(0, CircleSlot.COUNT)
			.map(CircleSlot::new)
			.concatMap((slot) -> (claim
					? this.streams.claim(slot.outbox()).flatMap((entries) -> write(slot, entries)).then(drain(slot))
					: drain(slot))
				.onErrorResume(OutboxStreams::groupMissing, (ex) -> createGroup(slot).thenReturn(0)))
			.reduce(0, Integer::sum);
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

	private Mono<Integer> drain(CircleSlot slot) {
		return this.streams.drain(slot.outbox(), (entries) -> write(slot, entries));
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
		List<Post> stored = new ArrayList<>();
		return this.transaction
			.transactional(this.rows.upsertPosts(posts)
				.doOnNext(stored::addAll)
				.then(this.rows.upsertCoupons(coupons))
				.then(this.experience.record(this.events.of(posts, coupons))))
			.flatMap(this.experience::announce)
			.then(Mono.defer(() -> this.hints.stored(stored)))
			.then(ack(slot, ids))
			.thenReturn(entries.size());
	}

	private Mono<Void> ack(CircleSlot slot, String[] ids) {
		return this.streams.ack(slot.outbox(), ids).then();
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
