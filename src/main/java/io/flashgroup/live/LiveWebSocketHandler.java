package io.flashgroup.live;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The multiplexed live endpoint at {@code /ws}. The client subscribes to topics by
 * message; the server answers each with a snapshot, then updates. Each topic is
 * latest-wins per session, so a slow client skips states instead of queueing them; one
 * that cannot take even the latest state within {@code max-lag} is closed with 1013 (try
 * again later) so it never holds others back.
 */
class LiveWebSocketHandler implements WebSocketHandler {

	static final CloseStatus TOO_SLOW = new CloseStatus(1013, "Too slow; reconnect");

	private final LiveHub hub;

	private final ReactiveJwtDecoder jwts;

	private final LiveMessages messages;

	private final LiveProperties properties;

	private final ServerClock clock;

	private final AtomicInteger sessions = new AtomicInteger();

	private final Counter sent;

	LiveWebSocketHandler(LiveHub hub, LiveMessages messages, LiveProperties properties, ServerClock clock,
			MeterRegistry meters, ReactiveJwtDecoder jwts) {
		this.jwts = jwts;
		this.hub = hub;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("flashgroup.live.sessions", this.sessions, AtomicInteger::get)
			.description("Open WebSocket sessions")
			.tag("transport", "websocket")
			.register(meters);
		this.sent = Counter.builder("flashgroup.live.messages")
			.description("Live messages sent")
			.tag("transport", "websocket")
			.register(meters);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Map<String, Sinks.Empty<Void>> watching = new ConcurrentHashMap<>();
		Flux<Outbound> commands = session.receive()
			.map((message) -> this.messages.command(message.getPayloadAsText()))
			.flatMap((command) -> respond(command, watching), this.properties.maxTopicsPerSession() + 8);
		Flux<Outbound> outbound = Flux.just(Outbound.now(this.messages.hello(this.clock.millis())))
			.concatWith(commands)
			.takeUntilOther(session.closeStatus());
		long maxLagNanos = this.properties.maxLag().toNanos();
		this.sessions.incrementAndGet();
		return session.send(outbound.map((out) -> toMessage(session, out, maxLagNanos)))
			.onErrorResume(SlowConsumer.class, (ex) -> session.close(TOO_SLOW))
			.doFinally((signal) -> {
				this.sessions.decrementAndGet();
				watching.values().forEach(Sinks.Empty::tryEmitEmpty);
			});
	}

	private WebSocketMessage toMessage(WebSocketSession session, Outbound out, long maxLagNanos) {
		if (System.nanoTime() - out.queuedNanos() > maxLagNanos) {
			throw new SlowConsumer();
		}
		this.sent.increment();
		return new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(out.bytes()));
	}

	private Flux<Outbound> respond(LiveMessages.Command command, Map<String, Sinks.Empty<Void>> watching) {
		String topic = command.topic();
		if (command.op() == null || topic == null) {
			return error(topic, "malformed-message", "Expected {\"op\":\"subscribe|unsubscribe\",\"topic\":\"...\"}");
		}
		return switch (command.op()) {
			case "subscribe" -> authorized(topic, command.token())
				.flatMapMany((allowed) -> allowed ? subscribe(topic, watching) : error(topic, "forbidden",
						"Watching " + topic + " needs a token with role " + this.hub.requiredRole(topic).orElse("")));
			case "unsubscribe" -> unsubscribe(topic, watching);
			default -> error(topic, "malformed-message", "Unknown op " + command.op());
		};
	}

	/** Topics of a source that requires a role take a bearer token in the message. */
	private Mono<Boolean> authorized(String topic, @Nullable String token) {
		Optional<String> role = this.hub.requiredRole(topic);
		if (role.isEmpty()) {
			return Mono.just(true);
		}
		if (token == null || token.isBlank()) {
			return Mono.just(false);
		}
		return this.jwts.decode(token).map((jwt) -> {
			List<String> roles = jwt.getClaimAsStringList("roles");
			return roles != null && roles.contains(role.get());
		}).onErrorReturn(false);
	}

	private Flux<Outbound> subscribe(String topic, Map<String, Sinks.Empty<Void>> watching) {
		if (watching.containsKey(topic)) {
			return error(topic, "already-subscribed", "Already subscribed to " + topic);
		}
		if (watching.size() >= this.properties.maxTopicsPerSession()) {
			return error(topic, "too-many-topics",
					"At most " + this.properties.maxTopicsPerSession() + " topics per connection");
		}
		Sinks.Empty<Void> stop = Sinks.empty();
		watching.put(topic, stop);
		return this.hub.exists(topic).flatMapMany((exists) -> {
			if (!exists) {
				watching.remove(topic, stop);
				return error(topic, "not-found", "No such topic: " + topic);
			}
			return frames(topic).takeUntilOther(stop.asMono());
		});
	}

	/** Latest-wins per topic: the shared upstream never waits for this session. */
	private Flux<Outbound> frames(String topic) {
		return this.hub.watch(topic)
			.map((frame) -> new Queued(frame, System.nanoTime()))
			.onBackpressureLatest()
			.index()
			.map((indexed) -> indexed.getT2().toOutbound(indexed.getT1() == 0));
	}

	private Flux<Outbound> unsubscribe(String topic, Map<String, Sinks.Empty<Void>> watching) {
		Sinks.Empty<Void> stop = watching.remove(topic);
		if (stop != null) {
			stop.tryEmitEmpty();
		}
		return Flux.just(Outbound.now(this.messages.unsubscribed(topic)));
	}

	private Flux<Outbound> error(String topic, String problem, String detail) {
		return Flux.just(Outbound.now(this.messages.error(topic, problem, detail)));
	}

	/** A frame with the time it reached this session. */
	private record Queued(LiveFrame frame, long queuedNanos) {

		Outbound toOutbound(boolean first) {
			return new Outbound(first ? this.frame.snapshotJson() : this.frame.updateJson(), this.queuedNanos);
		}

	}

	/** Bytes to send and when they were queued for this session. */
	private record Outbound(byte[] bytes, long queuedNanos) {

		static Outbound now(byte[] bytes) {
			return new Outbound(bytes, System.nanoTime());
		}

	}

	/** The session fell more than max-lag behind. */
	static final class SlowConsumer extends RuntimeException {

		SlowConsumer() {
			super("live session too slow", null, false, false);
		}

	}

}
