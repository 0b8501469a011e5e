package io.flashgroup.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;

import io.flashgroup.shared.RedisPubSub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Fans live state out to every watcher on this node with one Redis subscription per
 * watched topic. Per topic: subscribe to {@code live:<topic>}, then load a snapshot (so
 * nothing published in between is missed), keep only increasing sequence numbers,
 * conflate to the latest state at most once per tick ({@code min-interval}), serialize
 * once, and replay the latest frame to late joiners. The subscription is ref-counted: the
 * last watcher leaving unsubscribes.
 * <p>
 * Each watcher gets every tick ({@code min-interval}) until the node's watchers would get
 * more frames than {@code frame-budget-per-core} x cores a second; beyond, they are split
 * into groups in proportion (each then waits up to {@code max-interval}) and each tick
 * goes to one group ({@link Conflation}), so a node with more watchers than its CPU can
 * write to at full rate sends each of them fewer, fresh frames, spread evenly over time,
 * instead of queueing stale ones (each session keeps only a topic's latest state, see
 * {@link SessionOutbox}).
 */
@Component
public class LiveHub {

	private final RedisPubSub pubsub;

	private final Map<String, LiveSource> sources;

	private final LiveProperties properties;

	private final JsonMapper json;

	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	private final Counter frames;

	/** Watchers of this node (one per session and topic). */
	private final AtomicInteger watchers = new AtomicInteger();

	/** Frames per second the node's watchers may get in all; 0: no budget. */
	private final long frameBudget;

	LiveHub(RedisPubSub pubsub, List<LiveSource> sources, LiveProperties properties, JsonMapper json,
			MeterRegistry meters) {
		this.pubsub = pubsub;
		this.sources = sources.stream()
			.collect(java.util.stream.Collectors.toMap(LiveSource::prefix, (source) -> source));
		this.properties = properties;
		this.json = json;
		this.frames = Counter.builder("flashgroup.live.frames")
			.description("Conflated topic states serialized for fan-out")
			.register(meters);
		this.frameBudget = (long) properties.frameBudgetPerCore() * Runtime.getRuntime().availableProcessors();
		Gauge.builder("flashgroup.live.watchers", this.watchers, AtomicInteger::get)
			.description("Watchers on this node, one per session and topic")
			.register(meters);
		Gauge
			.builder("flashgroup.live.interval", this,
					(hub) -> hub.groups() * properties.minInterval().toMillis() / 1000.0)
			.description("Each watcher's interval now: min-interval, or longer while the frame budget requires")
			.baseUnit("seconds")
			.register(meters);
		this.pubsub.addListener((channel, message) -> {
			Topic topic = topicOf(channel);
			if (topic != null) {
				topic.raw.tryEmitNext(message);
			}
		});
		// A topic whose shard moved (a failover) missed what was published meanwhile:
		// its latest state is read again, as when it was first watched; an older seq
		// than the watchers have is dropped.
		this.pubsub.onShardChannelMoved((channel) -> {
			Topic topic = topicOf(channel);
			if (topic != null) {
				String name = RedisPubSub.untagged(channel).substring(CHANNEL_PREFIX.length());
				snapshot(name).subscribe(topic.raw::tryEmitNext, (ex) -> {
					// the next update or the next watcher's snapshot brings it
				});
			}
		});
	}

	private @Nullable Topic topicOf(String channel) {
		return channel.startsWith(CHANNEL_PREFIX)
				? this.topics.get(RedisPubSub.untagged(channel).substring(CHANNEL_PREFIX.length())) : null;
	}

	static final String CHANNEL_PREFIX = "live:";

	/**
	 * The plain Redis channel of a topic; in sharded mode the channel used carries the
	 * hash tag of the topic's slot ({@link #channelOf(String)},
	 * {@link RedisPubSub#channel(String, String)}).
	 */
	public static String channel(String topic) {
		return CHANNEL_PREFIX + topic;
	}

	/**
	 * The channel a topic's states are published to on this server: tagged with its
	 * subject's slot ({@link LiveSource#slotOf(String)}) in sharded mode.
	 */
	public String channelOf(String topic) {
		String tag = source(topic).map((source) -> source.slotOf(topic.substring(topic.indexOf(':') + 1))).orElse(null);
		return this.pubsub.channel(channel(topic), tag);
	}

	/**
	 * The topic's current state read from Redis; empty for an unknown kind or subject.
	 */
	public Mono<String> snapshot(String topic) {
		return source(topic).map((source) -> source.snapshot(topic.substring(topic.indexOf(':') + 1)))
			.orElse(Mono.empty());
	}

	/**
	 * Whether the topic exists. A topic that already produced a frame on this node is
	 * known without a Redis round trip, so ten thousand watchers joining at once cost one
	 * read.
	 */
	public Mono<Boolean> exists(String topic) {
		Topic known = this.topics.get(topic);
		if (known != null && known.seen) {
			return Mono.just(true);
		}
		return snapshot(topic).hasElement();
	}

	/**
	 * Whether the topic exists for this watcher: it exists and its source lets them watch
	 * it ({@link LiveSource#mayWatch}); without a user, {@link #exists(String)}.
	 */
	public Mono<Boolean> exists(String topic, @Nullable String userId) {
		if (userId == null) {
			return exists(topic);
		}
		return exists(topic).filter(Boolean::booleanValue)
			.flatMap((exists) -> source(topic)
				.map((source) -> source.mayWatch(topic.substring(topic.indexOf(':') + 1), userId))
				.orElse(Mono.just(true)))
			.defaultIfEmpty(false);
	}

	/**
	 * Frames of a topic for a consumer on this node: the latest one at once, then each
	 * new conflated state. Hot and shared; callers apply their own backpressure policy so
	 * one slow watcher never slows the others.
	 */
	public Flux<LiveFrame> watch(String topic) {
		return shared(topic, (shared) -> Conflation.every(shared.offers));
	}

	/**
	 * Frames of a topic for one remote watcher (a WebSocket or SSE session): the latest
	 * one at once, then the new states of the ticks due for the watcher's group, which is
	 * every tick while the node keeps within its frame budget ({@link Conflation}).
	 */
	public Flux<LiveFrame> watchPaced(String topic) {
		return shared(topic, (shared) -> Conflation.paced(shared.offers, shared.phases.getAndIncrement()));
	}

	/** One watcher's frames of a topic that is the same for everyone, counted. */
	private Flux<LiveFrame> shared(String topic, Function<Topic, Flux<LiveFrame>> frames) {
		if (isPersonal(topic)) {
			return Flux.error(new IllegalArgumentException(topic + " is personal: watch it with a user"));
		}
		return counted(frames.apply(this.topics.computeIfAbsent(topic, Topic::new)));
	}

	private <T> Flux<T> counted(Flux<T> frames) {
		return frames.doOnSubscribe((subscription) -> this.watchers.incrementAndGet())
			.doFinally((signal) -> this.watchers.decrementAndGet());
	}

	/**
	 * The groups the watchers are split into now
	 * ({@link Conflation#groups(int, long, Duration, Duration)}).
	 */
	int groups() {
		return Conflation.groups(this.watchers.get(), this.frameBudget, this.properties.minInterval(),
				this.properties.maxInterval());
	}

	/**
	 * A personal topic's frames for one watcher: the node's one subscription to its
	 * channel, filtered and rewritten by its source for the watcher.
	 */
	public Flux<LiveFrame> watch(String topic, String userId) {
		LiveSource.Personal personal = source(topic).map(LiveSource::personal).orElse(null);
		if (personal == null) {
			return watchPaced(topic);
		}
		Topic shared = this.topics.computeIfAbsent(topic, Topic::new);
		return counted(personal.messages(topic.substring(topic.indexOf(':') + 1), shared.events, userId)
			.map((message) -> frame(topic, message)));
	}

	/**
	 * Whether each watcher of the topic sees their own frames
	 * ({@link LiveSource#personal()}).
	 */
	public boolean isPersonal(String topic) {
		return source(topic).map(LiveSource::personal).isPresent();
	}

	/** The role a watcher of the topic must hold, if any. */
	public Optional<String> requiredRole(String topic) {
		return source(topic).map(LiveSource::requiredRole);
	}

	private Optional<LiveSource> source(String topic) {
		int colon = topic.indexOf(':');
		return (colon > 0 && colon < topic.length() - 1)
				? Optional.ofNullable(this.sources.get(topic.substring(0, colon))) : Optional.empty();
	}

	private LiveFrame frame(String topic, String message) {
		JsonNode node = this.json.readTree(message);
		long seq = node.path("seq").asLong();
		long serverTime = node.path("serverTime").asLong();
		JsonNode state = node.path("state");
		this.frames.increment();
		return new LiveFrame(topic, seq, serverTime, state, serialize("snapshot", topic, seq, serverTime, state),
				serialize("update", topic, seq, serverTime, state), System.nanoTime());
	}

	private byte[] serialize(String type, String topic, long seq, long serverTime, JsonNode state) {
		ObjectNode message = this.json.createObjectNode();
		message.put("type", type);
		message.put("topic", topic);
		message.put("seq", seq);
		message.put("serverTime", serverTime);
		message.set("state", state);
		return this.json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Drops states older than one already seen: the snapshot and a concurrent update can
	 * arrive in either order, and the newest must win before conflation picks the latest
	 * arrival.
	 */
	private static boolean advances(AtomicLong lastSeq, long seq) {
		long last = lastSeq.get();
		return seq > last && lastSeq.compareAndSet(last, seq);
	}

	/**
	 * Reads {@code seq} without a full parse; the scripts write it at top level and in
	 * the state.
	 */
	static long seqOf(String message) {
		int at = message.indexOf("\"seq\":");
		if (at < 0) {
			return -1;
		}
		int start = at + 6;
		int end = start;
		while (end < message.length() && Character.isDigit(message.charAt(end))) {
			end++;
		}
		return (end > start) ? Long.parseLong(message, start, end, 10) : -1;
	}

	/**
	 * The offers of one topic, shared by its watchers: the states of {@code updates} and
	 * of {@code snapshot} with increasing seq only, if {@code conflated} reduced to the
	 * latest once per {@code interval} and offered to {@code groups} in turn
	 * ({@link Conflation}), each made into a frame once, the latest replayed to late
	 * joiners ({@link SharedLatest}, not {@code replay(1)}, whose cost per frame grows
	 * with the square of the watchers); {@code unsubscribe} runs when the last watcher
	 * leaves. The ticks run on the default parallel scheduler (virtual time in tests).
	 */
	static Flux<Conflation.Offer> offers(Flux<String> updates, Mono<String> snapshot, boolean conflated,
			Duration interval, IntSupplier groups, Function<String, LiveFrame> frame, Runnable unsubscribe) {
		Flux<Conflation.Offer> connection = Flux.defer(() -> {
			AtomicLong lastSeq = new AtomicLong(-1);
			Flux<String> states = Flux.merge(updates, snapshot).filter((message) -> advances(lastSeq, seqOf(message)));
			return conflated ? Conflation.offers(states, Conflation.ticks(interval), groups, frame)
					: Conflation.unconflated(states, frame);
		}).doFinally((signal) -> unsubscribe.run());
		return new SharedLatest<>(connection).flux();
	}

	/** One watched topic on this node. */
	private final class Topic {

		private final Sinks.Many<String> raw = Sinks.many().multicast().directBestEffort();

		private final Flux<Conflation.Offer> offers;

		/** Given to paced watchers in turn, so the groups stay even. */
		private final AtomicLong phases = new AtomicLong();

		/**
		 * A personal topic's raw messages, parsed once per node, while someone on this
		 * node watches it.
		 */
		private final Flux<JsonNode> events;

		private volatile boolean seen;

		Topic(String topic) {
			String channel = channelOf(topic);
			this.events = Flux
				.merge(this.raw.asFlux(), LiveHub.this.pubsub.subscribe(channel).then(Mono.<String>empty()))
				.map(LiveHub.this.json::readTree)
				.doFinally((signal) -> LiveHub.this.pubsub.unsubscribe(channel))
				.publish()
				.refCount();
			Mono<String> subscribedSnapshot = LiveHub.this.pubsub.subscribe(channel).then(snapshot(topic));
			boolean conflated = source(topic).map(LiveSource::conflated).orElse(true);
			this.offers = offers(this.raw.asFlux(), subscribedSnapshot, conflated,
					LiveHub.this.properties.minInterval(), LiveHub.this::groups,
					(message) -> seen(frame(topic, message)), () -> LiveHub.this.pubsub.unsubscribe(channel));
		}

		private LiveFrame seen(LiveFrame frame) {
			this.seen = true;
			return frame;
		}

	}

}
