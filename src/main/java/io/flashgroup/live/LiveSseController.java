package io.flashgroup.live;

import java.nio.charset.StandardCharsets;

import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same live stream over Server-Sent Events for simple clients: a {@code hello} event,
 * a {@code snapshot}, then {@code update}s with the sequence number as event id, and
 * keep-alive comments so proxies do not close an idle stream.
 */
@RestController
class LiveSseController {

	private final LiveHub hub;

	private final LiveMessages messages;

	private final LiveProperties properties;

	private final ServerClock clock;

	LiveSseController(LiveHub hub, LiveMessages messages, LiveProperties properties, ServerClock clock) {
		this.hub = hub;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping(path = "/api/live/{topic}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@PathVariable String topic) {
		return this.hub.exists(topic).flatMapMany((exists) -> {
			if (!exists) {
				return Flux.error(ProblemException.notFound("Topic " + topic));
			}
			ServerSentEvent<String> hello = event("hello", null, this.messages.hello(this.clock.millis()));
			Flux<ServerSentEvent<String>> frames = this.hub.watch(topic)
				.onBackpressureLatest()
				.index()
				.map((indexed) -> toEvent(indexed.getT1() == 0, indexed.getT2()));
			Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
				.map((tick) -> ServerSentEvent.<String>builder().comment("keep-alive").build());
			return Flux.just(hello).concatWith(Flux.merge(frames, heartbeats));
		});
	}

	private static ServerSentEvent<String> toEvent(boolean first, LiveFrame frame) {
		return first ? event("snapshot", frame.seq(), frame.snapshotJson())
				: event("update", frame.seq(), frame.updateJson());
	}

	private static ServerSentEvent<String> event(String name, Long seq, byte[] json) {
		ServerSentEvent.Builder<String> event = ServerSentEvent.<String>builder()
			.event(name)
			.data(new String(json, StandardCharsets.UTF_8));
		return (seq != null) ? event.id(Long.toString(seq)).build() : event.build();
	}

}
