package io.flashgroup.live;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What one WebSocket session still has to send, written to its channel on demand: a batch
 * goes out only when the previous one left Netty's buffer and the channel is writable, so
 * nothing piles up in Netty. Until then each topic keeps only its latest state (a newer
 * one replaces it in place), control messages queue in order, and the bytes held for the
 * session (pending plus in flight) are counted. The session is too slow, and
 * {@link #tooSlow()} answers why, when those bytes exceed the bound, when its oldest
 * pending message or the batch in flight waited longer than {@code max-lag}, or when the
 * channel stayed unwritable that long.
 */
final class SessionOutbox {

	private final Channel channel;

	private final long maxLagNanos;

	private final long maxBacklogBytes;

	private final Counter sent;

	private final LoopPumps pumps;

	/** Whether this session waits in its event loop's {@link LoopPumps} queue. */
	private final AtomicBoolean queued = new AtomicBoolean();

	/** Keyed by topic, or by a unique number for control messages; insertion ordered. */
	private final Map<Object, Pending> pending = new LinkedHashMap<>();

	private final Sinks.One<String> tooSlow = Sinks.one();

	private long pendingBytes;

	private long inFlightBytes;

	/** When the batch in flight was written; 0 when none. */
	private long inFlightSince;

	/** Since when the channel was found unwritable; 0 when writable. */
	private long unwritableSince;

	private long controls;

	private boolean closed;

	SessionOutbox(Channel channel, long maxLagNanos, long maxBacklogBytes, Counter sent, LoopPumps pumps) {
		this.channel = channel;
		this.maxLagNanos = maxLagNanos;
		this.maxBacklogBytes = maxBacklogBytes;
		this.sent = sent;
		this.pumps = pumps;
	}

	/** Emits the reason once the session is found too slow; never completes otherwise. */
	Mono<String> tooSlow() {
		return this.tooSlow.asMono();
	}

	/** Queues a control message (hello, error, acknowledgement) behind earlier ones. */
	void control(byte[] bytes) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.pending.put(this.controls++, new Pending(bytes, null, false, System.nanoTime()));
			this.pendingBytes += bytes.length;
		}
		schedulePump();
	}

	/**
	 * Queues the topic's state, replacing an unsent older one in place: the client skips
	 * intermediate states, and a snapshot not yet sent stays a snapshot.
	 */
	void frame(String topic, LiveFrame frame, boolean snapshot) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			Pending older = this.pending.get(topic);
			Pending next = (older != null) ? new Pending(null, frame, older.snapshot || snapshot, older.sinceNanos)
					: new Pending(null, frame, snapshot, System.nanoTime());
			this.pendingBytes += next.bytes().length - ((older != null) ? older.bytes().length : 0);
			this.pending.put(topic, next);
		}
		schedulePump();
	}

	/** Forgets the topic's unsent state (the client unsubscribed). */
	synchronized void drop(String topic) {
		Pending older = this.pending.remove(topic);
		if (older != null) {
			this.pendingBytes -= older.bytes().length;
		}
	}

	/**
	 * Periodic check for sessions that send nothing new but stay stuck; retries a send.
	 */
	void check() {
		schedulePump();
	}

	/** Stops sending and lets go of everything queued. */
	synchronized void close() {
		this.closed = true;
		this.pending.clear();
		this.pendingBytes = 0;
	}

	/**
	 * Pumps now on the channel's event loop; from any other thread, queues this session
	 * for its loop's next pass ({@link LoopPumps}), once however many frames arrive.
	 */
	private void schedulePump() {
		if (this.channel.eventLoop().inEventLoop()) {
			pump();
		}
		else if (this.queued.compareAndSet(false, true)) {
			this.pumps.schedule(this.channel.eventLoop(), this);
		}
	}

	/** The pass of {@link LoopPumps}, on the channel's event loop. */
	void pumpQueued() {
		this.queued.set(false);
		pump();
	}

	private void pump() {
		List<TextWebSocketFrame> batch;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			long now = System.nanoTime();
			String slow = slowness(now);
			if (slow != null) {
				close();
				this.tooSlow.tryEmitValue(slow);
				return;
			}
			if (this.inFlightSince != 0 || this.pending.isEmpty()) {
				return;
			}
			if (!this.channel.isWritable()) {
				if (this.unwritableSince == 0) {
					this.unwritableSince = now;
				}
				return;
			}
			this.unwritableSince = 0;
			batch = new ArrayList<>(this.pending.size());
			for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
				byte[] bytes = it.next().bytes();
				batch.add(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
				it.remove();
			}
			this.inFlightBytes = this.pendingBytes;
			this.pendingBytes = 0;
			this.inFlightSince = now;
		}
		for (int i = 0; i < batch.size() - 1; i++) {
			this.channel.write(batch.get(i), this.channel.voidPromise());
		}
		this.sent.increment(batch.size());
		this.channel.writeAndFlush(batch.get(batch.size() - 1)).addListener((ChannelFuture future) -> written(future));
	}

	private void written(ChannelFuture future) {
		synchronized (this) {
			this.inFlightSince = 0;
			this.inFlightBytes = 0;
		}
		if (future.isSuccess()) {
			pump();
		}
		else {
			close();
		}
	}

	/** Why the session is too slow, or null. */
	private @Nullable String slowness(long now) {
		if (this.pendingBytes + this.inFlightBytes > this.maxBacklogBytes) {
			return "Too slow: over " + this.maxBacklogBytes / 1024 + " KB queued; reconnect";
		}
		long oldest = this.inFlightSince;
		if (!this.pending.isEmpty()) {
			// Replacements keep their place and age: the first entry is the oldest.
			long pendingSince = this.pending.values().iterator().next().sinceNanos();
			oldest = (oldest == 0) ? pendingSince : Math.min(oldest, pendingSince);
		}
		if (this.unwritableSince != 0) {
			oldest = (oldest == 0) ? this.unwritableSince : Math.min(oldest, this.unwritableSince);
		}
		if (oldest != 0 && now - oldest > this.maxLagNanos) {
			return "Too slow: over " + this.maxLagNanos / 1_000_000 + " ms behind; reconnect";
		}
		return null;
	}

	/**
	 * A message waiting for the channel: control bytes, or a topic's latest frame.
	 *
	 * @param control the bytes of a control message, or null for a frame
	 * @param frame the latest frame of a topic, or null for a control message
	 * @param snapshot whether the client still needs this topic's snapshot
	 * @param sinceNanos when the oldest state this entry stands for was queued
	 */
	private record Pending(byte @Nullable [] control, @Nullable LiveFrame frame, boolean snapshot, long sinceNanos) {

		byte[] bytes() {
			if (this.control != null) {
				return this.control;
			}
			LiveFrame latest = Objects.requireNonNull(this.frame);
			return this.snapshot ? latest.snapshotJson() : latest.updateJson();
		}

	}

}
