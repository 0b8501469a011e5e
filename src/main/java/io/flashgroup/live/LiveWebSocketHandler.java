package io.flashgroup.live;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.function.Tuple2;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The multiplexed live endpoint at {@code /ws}. The client subscribes to topics by
 * message; the server answers each with a snapshot, then updates. Each topic is
 * latest-wins per session, so a slow client skips states instead of queueing them; one
 * that cannot take even the latest state within {@code max-lag}, or would need more than
 * {@code max-session-backlog} held for it, is closed with 1013 (try again later) so it
 * never holds others back (see {@link SessionOutbox}).
 */
class LiveWebSocketHandler implements WebSocketHandler {

	private static final MethodHandle DELEGATE = delegateGetter();

	static final CloseStatus TOO_SLOW = new CloseStatus(1013, "Too slow; reconnect");

	private final LiveHub hub;

	private final ReactiveJwtDecoder jwts;

	private final LiveMessages messages;

	private final LiveProperties properties;

	private final ServerClock clock;

	private final AtomicInteger sessions = new AtomicInteger();

	private final LoopPumps pumps = new LoopPumps();

	private final Counter sent;

	private final Counter slow;

	LiveWebSocketHandler(LiveHub hub, LiveMessages messages, LiveProperties properties, ServerClock clock,
			MeterRegistry meters, ReactiveJwtDecoder jwts) {
		this.jwts = jwts;
		this.hub = hub;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("flashgroup.live.sessions", this.sessions, AtomicInteger::get)
			.description("Open live sessions")
			.tag("transport", "websocket")
			.register(meters);
		this.sent = Counter.builder("flashgroup.live.messages")
			.description("Live messages sent")
			.tag("transport", "websocket")
			.register(meters);
		this.slow = Counter.builder("flashgroup.live.slow-closes")
			.description("Live sessions closed for falling behind")
			.tag("transport", "websocket")
			.register(meters);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Channel channel = channel(session);
		// Bounds what the kernel holds for a peer that stops reading too (autotuning
		// would let it grow to megabytes); the live feed needs far less.
		channel.config().setOption(ChannelOption.SO_SNDBUF, (int) this.properties.maxSessionBacklog().toBytes());
		SessionOutbox outbox = new SessionOutbox(channel, this.properties.maxLag().toNanos(),
				this.properties.maxSessionBacklog().toBytes(), this.sent, this.pumps);
		Map<String, Sinks.Empty<Void>> watching = new ConcurrentHashMap<>();
		AtomicBoolean open = new AtomicBoolean(true);
		this.sessions.incrementAndGet();
		Runnable leave = () -> {
			if (open.compareAndSet(true, false)) {
				this.sessions.decrementAndGet();
				outbox.close();
				watching.values().forEach(Sinks.Empty::tryEmitEmpty);
			}
		};
		outbox.control(this.messages.hello(this.clock.millis()));
		Mono<Void> commands = session.receive()
			.map((message) -> this.messages.command(message.getPayloadAsText()))
			.flatMap((command) -> respond(command, watching, outbox), this.properties.maxTopicsPerSession() + 8)
			.then();
		Mono<Void> watchdog = Flux.interval(checkInterval(this.properties.maxLag()))
			.doOnNext((tick) -> outbox.check())
			.then();
		Mono<Void> tooSlow = outbox.tooSlow().flatMap((reason) -> {
			this.slow.increment();
			// Written straight behind the last batch, and before anything else reacts to
			// the session ending: Reactor Netty's own close (no status code) would count
			// as closed at once and could reach the peer first.
			channel.writeAndFlush(new CloseWebSocketFrame(TOO_SLOW.getCode(), reason))
				.addListener(ChannelFutureListener.CLOSE);
			leave.run();
			// A peer that does not read may never take the close frame: hang up anyway.
			channel.eventLoop().schedule(() -> channel.close(), closeGrace().toMillis(), TimeUnit.MILLISECONDS);
			return closed(channel);
		});
		Mono<Void> ended = session.closeStatus().then();
		return Mono.firstWithSignal(commands, watchdog, tooSlow, ended).doFinally((signal) -> leave.run());
	}

	private static Mono<Void> closed(Channel channel) {
		return Mono.create((sink) -> channel.closeFuture().addListener((future) -> sink.success()));
	}

	/**
	 * The Netty channel under the session: frames are written to it on demand. Spring
	 * keeps the Reactor Netty connection behind a protected getter, hence the handle.
	 */
	private static Channel channel(WebSocketSession session) {
		AtomicReference<Channel> channel = new AtomicReference<>();
		try {
			ReactorNettyWebSocketSession.WebSocketConnection connection = (ReactorNettyWebSocketSession.WebSocketConnection) DELEGATE
				.invoke((ReactorNettyWebSocketSession) session);
			connection.getInbound().withConnection((netty) -> channel.set(netty.channel()));
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Not a Reactor Netty WebSocket session: " + session, ex);
		}
		return Objects.requireNonNull(channel.get());
	}

	private static MethodHandle delegateGetter() {
		try {
			Method getter = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
			getter.setAccessible(true);
			return MethodHandles.lookup().unreflect(getter);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Often enough to notice a stuck session soon after max-lag. */
	static Duration checkInterval(Duration maxLag) {
		Duration quarter = maxLag.dividedBy(4);
		return (quarter.compareTo(Duration.ofMillis(50)) < 0) ? Duration.ofMillis(50)
				: (quarter.compareTo(Duration.ofSeconds(1)) > 0) ? Duration.ofSeconds(1) : quarter;
	}

	/**
	 * How long a too-slow peer gets to read its close frame before the connection drops.
	 */
	private Duration closeGrace() {
		return this.properties.maxLag();
	}

	private Mono<Void> respond(LiveMessages.Command command, Map<String, Sinks.Empty<Void>> watching,
			SessionOutbox outbox) {
		String topic = command.topic();
		if (command.op() == null || topic == null) {
			return error(outbox, topic, "malformed-message",
					"Expected {\"op\":\"subscribe|unsubscribe\",\"topic\":\"...\"}");
		}
		return switch (command.op()) {
			case "subscribe" -> watcher(topic, command.token())
				.flatMap((watcher) -> watcher.allowed() ? subscribe(topic, watcher.userId(), watching, outbox) : error(
						outbox, topic, "forbidden",
						"Watching " + topic + " needs a token with role " + this.hub.requiredRole(topic).orElse("")));
			case "unsubscribe" -> unsubscribe(topic, watching, outbox);
			default -> error(outbox, topic, "malformed-message", "Unknown op " + command.op());
		};
	}

	/**
	 * Topics of a source that requires a role take a bearer token in the message; a
	 * personal topic's frames are for the user it names.
	 */
	private Mono<Watcher> watcher(String topic, @Nullable String token) {
		Optional<String> role = this.hub.requiredRole(topic);
		if (role.isEmpty()) {
			return Mono.just(new Watcher(true, null));
		}
		if (token == null || token.isBlank()) {
			return Mono.just(Watcher.REFUSED);
		}
		return this.jwts.decode(token).map((jwt) -> {
			List<String> roles = jwt.getClaimAsStringList("roles");
			return (roles != null && roles.contains(role.get())) ? new Watcher(true, jwt.getSubject())
					: Watcher.REFUSED;
		}).onErrorReturn(Watcher.REFUSED);
	}

	/**
	 * Whether a subscribe is allowed, and who it is for.
	 *
	 * @param allowed whether the watcher may watch the topic
	 * @param userId the token's subject, when a token was needed
	 */
	private record Watcher(boolean allowed, @Nullable String userId) {

		static final Watcher REFUSED = new Watcher(false, null);

	}

	private Mono<Void> subscribe(String topic, @Nullable String userId, Map<String, Sinks.Empty<Void>> watching,
			SessionOutbox outbox) {
		if (watching.containsKey(topic)) {
			return error(outbox, topic, "already-subscribed", "Already subscribed to " + topic);
		}
		if (watching.size() >= this.properties.maxTopicsPerSession()) {
			return error(outbox, topic, "too-many-topics",
					"At most " + this.properties.maxTopicsPerSession() + " topics per connection");
		}
		Sinks.Empty<Void> stop = Sinks.empty();
		watching.put(topic, stop);
		return this.hub.exists(topic, userId).flatMap((exists) -> {
			if (!exists) {
				watching.remove(topic, stop);
				return error(outbox, topic, "not-found", "No such topic: " + topic);
			}
			return frames(topic, userId, outbox).takeUntilOther(stop.asMono()).then();
		});
	}

	/**
	 * Latest-wins per topic: the outbox keeps one unsent state per topic, so the shared
	 * upstream never waits for this session.
	 */
	private Flux<LiveFrame> frames(String topic, @Nullable String userId, SessionOutbox outbox) {
		Flux<LiveFrame> frames = (userId != null && this.hub.isPersonal(topic)) ? this.hub.watch(topic, userId)
				: this.hub.watchPaced(topic);
		return frames.index()
			.doOnNext((indexed) -> outbox.frame(topic, indexed.getT2(), indexed.getT1() == 0))
			.map(Tuple2::getT2);
	}

	private Mono<Void> unsubscribe(String topic, Map<String, Sinks.Empty<Void>> watching, SessionOutbox outbox) {
		Sinks.Empty<Void> stop = watching.remove(topic);
		if (stop != null) {
			stop.tryEmitEmpty();
		}
		outbox.drop(topic);
		outbox.control(this.messages.unsubscribed(topic));
		return Mono.empty();
	}

	private Mono<Void> error(SessionOutbox outbox, @Nullable String topic, String problem, String detail) {
		outbox.control(this.messages.error(topic, problem, detail));
		return Mono.empty();
	}

}
