package io.flashgroup.live;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The same live stream over Server-Sent Events for simple clients: a {@code hello} event,
 * a {@code snapshot}, then {@code update}s with the sequence number as event id, and
 * keep-alive comments so proxies do not close an idle stream. Bounded like a WebSocket
 * session (see {@link EventStreamOutbox}): latest state wins, and a stream that cannot
 * keep up within {@code max-lag} or {@code max-session-backlog} gets an {@code error}
 * event ({@code too-slow}) and ends; a client that does not even read that is hung up on
 * after another {@code max-lag}.
 */
@RestController
class LiveSseController {

	private final LiveHub hub;

	private final LiveMessages messages;

	private final LiveProperties properties;

	private final ServerClock clock;

	private final AtomicInteger streams = new AtomicInteger();

	private final Counter sent;

	private final Counter slow;

	LiveSseController(LiveHub hub, LiveMessages messages, LiveProperties properties, ServerClock clock,
			MeterRegistry meters) {
		this.hub = hub;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("flashgroup.live.sessions", this.streams, AtomicInteger::get)
			.description("Open live sessions")
			.tag("transport", "sse")
			.register(meters);
		this.sent = Counter.builder("flashgroup.live.messages")
			.description("Live messages sent")
			.tag("transport", "sse")
			.register(meters);
		this.slow = Counter.builder("flashgroup.live.slow-closes")
			.description("Live sessions closed for falling behind")
			.tag("transport", "sse")
			.register(meters);
	}

	@GetMapping(path = "/api/live/{topic}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@PathVariable String topic, ServerWebExchange exchange) {
		if (this.hub.isPersonal(topic)) {
			// Each watcher's own frames: over the WebSocket, with a token in the
			// subscribe.
			return Flux.error(new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
					"Watch " + topic + " over /ws with a token in the subscribe message"));
		}
		return this.hub.exists(topic).flatMapMany((exists) -> {
			if (!exists) {
				return Flux.error(ProblemException.notFound("Topic " + topic));
			}
			return open(topic, channel(exchange));
		});
	}

	private Flux<ServerSentEvent<String>> open(String topic, Channel channel) {
		// As for WebSocket sessions: the kernel holds no more than the bound either.
		channel.config().setOption(ChannelOption.SO_SNDBUF, (int) this.properties.maxSessionBacklog().toBytes());
		EventStreamOutbox outbox = new EventStreamOutbox(channel, this.properties.maxLag().toNanos(),
				this.properties.maxSessionBacklog().toBytes(), this.sent);
		outbox.control(EventStreamOutbox.event("hello", null, this.messages.hello(this.clock.millis())));
		this.streams.incrementAndGet();
		Flux<Object> feed = Flux.merge(this.hub.watchPaced(topic).doOnNext(outbox::frame),
				Flux.interval(this.properties.heartbeat()).doOnNext((tick) -> outbox.keepAlive()),
				Flux.interval(LiveWebSocketHandler.checkInterval(this.properties.maxLag()))
					.doOnNext((tick) -> outbox.check()));
		Mono<Void> tooSlow = outbox.tooSlow().doOnNext((reason) -> hangUpLater(channel)).then();
		// The feed only fills the outbox; it ends with the stream, or when it is too
		// slow.
		Flux<ServerSentEvent<String>> feeding = feed.takeUntilOther(tooSlow)
			.then()
			.thenMany(Flux.<ServerSentEvent<String>>empty());
		return outbox.events().mergeWith(feeding).doFinally((signal) -> {
			this.streams.decrementAndGet();
			outbox.close();
		});
	}

	/**
	 * The stream ended with its too-slow notice behind a full buffer: a client that has
	 * not read it (or anything) within another {@code max-lag} is hung up on.
	 */
	private void hangUpLater(Channel channel) {
		this.slow.increment();
		channel.eventLoop().schedule(() -> {
			var buffer = channel.unsafe().outboundBuffer();
			if (!channel.isWritable() || (buffer != null && buffer.totalPendingWriteBytes() > 0)) {
				channel.close();
			}
		}, this.properties.maxLag().toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The Netty channel under the response, whose writability paces the stream. */
	private static Channel channel(ServerWebExchange exchange) {
		HttpServerResponse response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		AtomicReference<Channel> channel = new AtomicReference<>();
		response.withConnection((connection) -> channel.set(connection.channel()));
		return Objects.requireNonNull(channel.get());
	}

}
