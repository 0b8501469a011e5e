package io.flashgroup.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.codec.ServerSentEvent;

/**
 * What one Server-Sent Events stream still has to send, the counterpart of
 * {@link SessionOutbox}: events are let into the response only while its channel is
 * writable, so they never pile up in Reactor Netty's send queue; until then the topic
 * keeps only its latest state (a newer one replaces it, keeping its age) and at most one
 * keep-alive comment waits. The stream is too slow, and {@link #tooSlow()} answers why,
 * when the bytes held for it (waiting here plus Netty's outbound buffer) exceed the
 * bound, or when its oldest waiting state, or the channel's unwritability, is older than
 * {@code max-lag}.
 */
final class EventStreamOutbox {

	private static final ServerSentEvent<String> KEEP_ALIVE = ServerSentEvent.<String>builder()
		.comment("keep-alive")
		.build();

	private final Channel channel;

	private final long maxLagNanos;

	private final long maxBacklogBytes;

	private final Counter sent;

	private final Sinks.Many<ServerSentEvent<String>> events = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<String> tooSlow = Sinks.one();

	/** Control events (hello, keep-alive) in order; at most a few. */
	private final List<ServerSentEvent<String>> controls = new ArrayList<>();

	private @Nullable LiveFrame state;

	/** Whether the client still needs the topic's snapshot. */
	private boolean snapshot = true;

	/** When the oldest state the waiting one stands for arrived; 0 when none waits. */
	private long stateSince;

	/** Since when the channel was found unwritable; 0 when writable. */
	private long unwritableSince;

	private boolean closed;

	EventStreamOutbox(Channel channel, long maxLagNanos, long maxBacklogBytes, Counter sent) {
		this.channel = channel;
		this.maxLagNanos = maxLagNanos;
		this.maxBacklogBytes = maxBacklogBytes;
		this.sent = sent;
	}

	/** The events of the stream; completes after the too-slow notice. */
	Flux<ServerSentEvent<String>> events() {
		return this.events.asFlux();
	}

	/** Emits the reason once the stream is found too slow; never completes otherwise. */
	Mono<String> tooSlow() {
		return this.tooSlow.asMono();
	}

	void control(ServerSentEvent<String> event) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.controls.add(event);
		}
		pump();
	}

	/** A keep-alive comment, unless one already waits (a stuck client needs one). */
	void keepAlive() {
		synchronized (this) {
			if (this.closed || this.controls.contains(KEEP_ALIVE)) {
				return;
			}
			this.controls.add(KEEP_ALIVE);
		}
		pump();
	}

	/** The topic's newest state, replacing an unsent older one. */
	void frame(LiveFrame frame) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			if (this.state == null) {
				this.stateSince = System.nanoTime();
			}
			this.state = frame;
		}
		pump();
	}

	/** Periodic check for streams that get nothing new but stay stuck; retries a send. */
	void check() {
		pump();
	}

	/** Stops sending and lets go of what waits. */
	synchronized void close() {
		this.closed = true;
		this.controls.clear();
		this.state = null;
	}

	private void pump() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			long now = System.nanoTime();
			boolean writable = this.channel.isWritable();
			if (writable) {
				this.unwritableSince = 0;
			}
			else if (this.unwritableSince == 0) {
				this.unwritableSince = now;
			}
			String slow = slowness(now);
			if (slow != null) {
				close();
				this.events.tryEmitNext(ServerSentEvent.<String>builder()
					.event("error")
					.data("{\"type\":\"error\",\"problem\":\"too-slow\",\"detail\":\"" + slow + "\"}")
					.build());
				this.events.tryEmitComplete();
				this.tooSlow.tryEmitValue(slow);
				return;
			}
			if (!writable) {
				return;
			}
			for (ServerSentEvent<String> control : this.controls) {
				this.events.tryEmitNext(control);
			}
			this.controls.clear();
			if (this.state != null) {
				this.events.tryEmitNext(event(this.state, this.snapshot));
				this.sent.increment();
				this.snapshot = false;
				this.state = null;
				this.stateSince = 0;
			}
		}
	}

	/** Why the stream is too slow, or null. */
	private @Nullable String slowness(long now) {
		if (waitingBytes() + outboundBytes() > this.maxBacklogBytes) {
			return "Too slow: over " + this.maxBacklogBytes / 1024 + " KB queued; reconnect";
		}
		long oldest = this.stateSince;
		if (this.unwritableSince != 0) {
			oldest = (oldest == 0) ? this.unwritableSince : Math.min(oldest, this.unwritableSince);
		}
		if (oldest != 0 && now - oldest > this.maxLagNanos) {
			return "Too slow: over " + this.maxLagNanos / 1_000_000 + " ms behind; reconnect";
		}
		return null;
	}

	private long waitingBytes() {
		return (this.state != null) ? this.state.updateJson().length : 0;
	}

	/** Bytes written to the channel and not yet taken by the kernel. */
	private long outboundBytes() {
		ChannelOutboundBuffer buffer = this.channel.unsafe().outboundBuffer();
		return (buffer != null) ? buffer.totalPendingWriteBytes() : 0;
	}

	static ServerSentEvent<String> event(String name, @Nullable Long seq, byte[] json) {
		ServerSentEvent.Builder<String> event = ServerSentEvent.<String>builder()
			.event(name)
			.data(new String(json, StandardCharsets.UTF_8));
		return (seq != null) ? event.id(Long.toString(seq)).build() : event.build();
	}

	private static ServerSentEvent<String> event(LiveFrame frame, boolean snapshot) {
		return snapshot ? event("snapshot", frame.seq(), frame.snapshotJson())
				: event("update", frame.seq(), frame.updateJson());
	}

}
