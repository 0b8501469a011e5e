package io.flashgroup.live;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.flashgroup.shared.Passes;
import io.flashgroup.shared.ServerClock;
import io.flashgroup.shared.RedisPubSub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Node-local copies of the views every page load reads (a campaign, a group, a bargain
 * session), as JSON bytes encoded once per change and shared by every reader. A view is
 * loaded the way it always was on its first read, then kept current by the frames of its
 * live topic (the hub's one subscription per topic, conflated to one frame per
 * {@code flashgroup.live.min-interval}). A held view is served only while all of these
 * hold, otherwise the read goes to Redis (and PostgreSQL) as before and refreshes it:
 * <ul>
 * <li>its topic delivered a frame since it was held (the subscription is confirmed), and
 * the pub/sub connection has not dropped since;</li>
 * <li>it was confirmed (a newer frame, or a read from Redis) within {@code max-age}: the
 * bound when pub/sub silently lost messages. A view without a topic is confirmed only by
 * reads, within {@code min-interval};</li>
 * <li>its campaign was not changed through this node since it was confirmed
 * ({@link LocalWrites}): whoever writes here reads their write at once;</li>
 * <li>the server clock is before the time its state changes by itself (a start, an end, a
 * deadline), which its renderer tells; a view that will not change any more (ended,
 * cancelled) is never held, so those reads answer exactly as before.</li>
 * </ul>
 * At most {@code max} views are held; the least recently read one makes room, and one not
 * read for {@code idle} is dropped with its topic.
 */
@Component
public class HeldViews implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HeldViews.class);

	private final Function<String, Flux<LiveFrame>> watch;

	private final LongSupplier serverMillis;

	private final LongSupplier nanos;

	private final HeldViewsProperties properties;

	private final LocalWrites writes;

	private final long minIntervalNanos;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	/** Bumped whenever the pub/sub connection drops or comes back. */
	private final AtomicLong generation = new AtomicLong();

	private final Sinks.Many<Entry> held = Sinks.many().unicast().onBackpressureBuffer();

	private final Counter fromHeld;

	private final Counter fromStore;

	private volatile Disposable workers = Disposables.disposed();

	@Autowired
	HeldViews(LiveHub hub, ServerClock clock, HeldViewsProperties properties, LiveProperties live, LocalWrites writes,
			RedisPubSub pubsub, MeterRegistry meters) {
		this(hub::watch, clock::millis, System::nanoTime, properties, live.minInterval(), writes, meters);
		// A pub/sub connection (any node's, on a cluster) that dropped or came back may
		// have lost messages: nothing held is trusted until its topic delivers again.
		pubsub.onConnectionChange(this::dropAll);
	}

	HeldViews(Function<String, Flux<LiveFrame>> watch, LongSupplier serverMillis, LongSupplier nanos,
			HeldViewsProperties properties, Duration minInterval, LocalWrites writes, MeterRegistry meters) {
		this.watch = watch;
		this.serverMillis = serverMillis;
		this.nanos = nanos;
		this.properties = properties;
		this.writes = writes;
		this.minIntervalNanos = minInterval.toNanos();
		this.fromHeld = reads(meters, "held");
		this.fromStore = reads(meters, "store");
		Gauge.builder("flashgroup.live.held.views", this.entries, Map::size)
			.description("Read views this node holds")
			.register(meters);
	}

	private static Counter reads(MeterRegistry meters, String source) {
		return Counter.builder("flashgroup.live.held.reads")
			.description("Reads of held views, by where they were answered from")
			.tag("source", source)
			.register(meters);
	}

	/**
	 * The view's JSON: the held copy while it is current, else {@code load} rendered
	 * (which then becomes the held copy, if the view may be held).
	 * @param key the view's key, unique across kinds of views (e.g. its topic)
	 * @param campaignId the campaign the view belongs to: a write to it on this node
	 * ({@link LocalWrites}) stops the held copy until it is confirmed again
	 * @param topic the live topic whose frames carry the view's state; null for a view
	 * without one (held for {@code min-interval} only)
	 * @param load the view's context and current live message, read as without a held
	 * copy; its errors (a 404 problem) pass through unchanged. Called only when no held
	 * copy serves the read: a held read assembles no query
	 * @param renderer makes the view's JSON from a context and a live message
	 * @return the JSON bytes; never modify them
	 */
	public <C> Mono<byte[]> read(String key, long campaignId, @Nullable String topic, Supplier<Mono<Loaded<C>>> load,
			Renderer<C> renderer) {
		Entry entry = this.entries.get(key);
		long now = this.nanos.getAsLong();
		if (entry != null) {
			byte[] json = entry.servable(now, this.serverMillis.getAsLong(), this.generation.get());
			if (json != null) {
				entry.lastRead = now;
				this.fromHeld.increment();
				return Mono.just(json);
			}
		}
		long generation = this.generation.get();
		return load.get().map((loaded) -> {
			this.fromStore.increment();
			Rendered rendered = renderer.render(loaded.context(), loaded.message());
			keep(key, campaignId, topic, loaded.context(), renderer, LiveHub.seqOf(loaded.message()), rendered, now,
					generation);
			return rendered.json();
		});
	}

	/** Drops the held copy: this node just changed the view (a cancel). */
	public void forget(String key) {
		Entry entry = this.entries.get(key);
		if (entry != null) {
			drop(entry);
		}
	}

	/**
	 * The JSON bytes as a 200 {@code application/json} answer, written without a copy.
	 */
	public static ResponseEntity<DataBuffer> ok(byte[] json) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(DefaultDataBufferFactory.sharedInstance.wrap(json));
	}

	/** How many views this node holds. */
	int size() {
		return this.entries.size();
	}

	@SuppressWarnings("unchecked")
	private <C> void keep(String key, long campaignId, @Nullable String topic, C context, Renderer<C> renderer,
			long seq, Rendered rendered, long readNanos, long generation) {
		Entry existing = this.entries.get(key);
		if (rendered.closed()) {
			if (existing != null) {
				drop(existing);
			}
			return;
		}
		if (generation != this.generation.get()) {
			return;
		}
		if (existing != null && existing.generation != generation) {
			// Held across a pub/sub drop it raced with: never served, so make room.
			drop(existing);
			existing = null;
		}
		if (existing != null) {
			existing.lastRead = readNanos;
			existing.read(seq, rendered, readNanos);
			return;
		}
		while (this.entries.size() >= this.properties.max()) {
			this.entries.values().stream().min(Comparator.comparingLong((e) -> e.lastRead)).ifPresent(this::drop);
		}
		Entry created = new Entry(key, campaignId, topic, context, (Renderer<Object>) renderer, generation,
				new State(seq, rendered, readNanos), readNanos);
		if (this.entries.putIfAbsent(key, created) != null) {
			return;
		}
		if (topic == null) {
			created.confirmed = true;
		}
		else {
			this.held.emitNext(created, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(10)));
		}
	}

	private void drop(Entry entry) {
		if (this.entries.remove(entry.key, entry)) {
			entry.dropped.tryEmitEmpty();
		}
	}

	private void dropAll() {
		this.generation.incrementAndGet();
		this.entries.values().forEach(this::drop);
	}

	/** Drops views nobody read for {@code idle}, and views that stopped changing. */
	void sweep() {
		long now = this.nanos.getAsLong();
		long idle = this.properties.idle().toNanos();
		long stale = this.serverMillis.getAsLong() - this.properties.idle().toMillis();
		this.entries.values()
			.stream()
			.filter((entry) -> now - entry.lastRead > idle || entry.state.rendered().until() <= stale)
			.forEach(this::drop);
		this.writes.forgetBefore(now - Math.max(this.properties.maxAge().toNanos(), this.minIntervalNanos));
	}

	@Override
	public void start() {
		Duration every = this.properties.idle().dividedBy(2);
		Disposable frames = this.held.asFlux().flatMap(this::follow, Integer.MAX_VALUE).subscribe();
		Disposable sweeper = Passes.every(every, every, () -> Mono.fromRunnable(this::sweep), log, "Held views sweep");
		this.workers = Disposables.composite(frames, sweeper);
	}

	/** Applies the topic's frames to the view until it is dropped. */
	private Flux<Void> follow(Entry entry) {
		return this.watch.apply(entry.topic)
			.takeUntilOther(entry.dropped.asMono())
			.doOnNext(entry::frame)
			.onErrorResume((ex) -> Mono.fromRunnable(() -> drop(entry)))
			.thenMany(Flux.empty());
	}

	@Override
	public void stop() {
		this.workers.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.workers.isDisposed();
	}

	/**
	 * A view's context (what does not change, e.g. a campaign's definition) and its live
	 * message ({@code {"seq":..,"serverTime":..,"state":{..}}}).
	 */
	public record Loaded<C>(C context, String message) {
	}

	/** Makes a view's JSON; runs once per change of the view. */
	@FunctionalInterface
	public interface Renderer<C> {

		Rendered render(C context, String message);

	}

	/**
	 * A rendered view.
	 *
	 * @param json the view as the API answers it
	 * @param until server time (epoch ms) from which the view may have changed by itself
	 * (a phase or deadline reached); it is not served from the held copy from then on
	 * @param closed whether the view stopped changing (ended, cancelled): it is not held,
	 * so its reads answer from the store as before
	 */
	public record Rendered(byte[] json, long until, boolean closed) {
	}

	private record State(long seq, Rendered rendered, long confirmedNanos) {
	}

	/** One held view. */
	private final class Entry {

		private final String key;

		private final long campaignId;

		private final @Nullable String topic;

		private final Object context;

		private final Renderer<Object> renderer;

		private final long generation;

		private final Sinks.Empty<Void> dropped = Sinks.empty();

		private volatile State state;

		/** Whether the topic delivered a frame (or there is no topic). */
		private volatile boolean confirmed;

		private volatile long lastRead;

		Entry(String key, long campaignId, @Nullable String topic, Object context, Renderer<Object> renderer,
				long generation, State state, long lastRead) {
			this.key = key;
			this.campaignId = campaignId;
			this.topic = topic;
			this.context = context;
			this.renderer = renderer;
			this.generation = generation;
			this.state = state;
			this.lastRead = lastRead;
		}

		byte @Nullable [] servable(long now, long serverNow, long currentGeneration) {
			State current = this.state;
			long maxAge = (this.topic != null) ? HeldViews.this.properties.maxAge().toNanos()
					: HeldViews.this.minIntervalNanos;
			boolean fresh = this.confirmed && this.generation == currentGeneration
					&& now - current.confirmedNanos() <= maxAge && serverNow < current.rendered().until()
					&& HeldViews.this.writes.lastWrite(this.campaignId) < current.confirmedNanos();
			return fresh ? current.rendered().json() : null;
		}

		/**
		 * A read from the store, started at {@code readNanos}: it wins over what is held
		 * unless a newer state arrived while it ran.
		 */
		synchronized void read(long seq, Rendered rendered, long readNanos) {
			State current = this.state;
			if (seq >= current.seq() || current.confirmedNanos() < readNanos) {
				this.state = new State(seq, rendered, Math.max(readNanos, current.confirmedNanos()));
			}
		}

		/** A frame of the topic: a newer state replaces the held one. */
		synchronized void frame(LiveFrame frame) {
			this.confirmed = true;
			State current = this.state;
			if (frame.seq() < current.seq()) {
				return;
			}
			if (frame.seq() == current.seq()) {
				this.state = new State(current.seq(), current.rendered(),
						Math.max(current.confirmedNanos(), frame.createdNanos()));
				return;
			}
			Rendered rendered = this.renderer.render(this.context, message(frame));
			if (rendered.closed()) {
				drop(this);
				return;
			}
			this.state = new State(frame.seq(), rendered, frame.createdNanos());
		}

		private static String message(LiveFrame frame) {
			return "{\"seq\":" + frame.seq() + ",\"serverTime\":" + frame.serverTime() + ",\"state\":" + frame.state()
					+ "}";
		}

	}

}
