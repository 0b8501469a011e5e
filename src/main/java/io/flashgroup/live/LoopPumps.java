package io.flashgroup.live;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sessions a topic's new frame reached from their channels' event loops, one
 * task per loop for all of them. A frame is handed to every watcher of the topic on the
 * thread that made it; writing to each socket from there cost one task and one wake-up of
 * the socket's event loop per session (10,000 of them per tick for 10,000 watchers, on
 * one thread), while the loops sat idle. Now that thread only queues the session, and
 * each loop writes its own sessions in one pass, the loops in parallel.
 */
final class LoopPumps {

	private static final Logger log = LoggerFactory.getLogger(LoopPumps.class);

	/** One per event loop: there are as many as the server's event-loop threads. */
	private final Map<EventLoop, LoopPump> pumps = new ConcurrentHashMap<>();

	/**
	 * Pumps {@code outbox} on {@code loop} soon, with the other sessions queued there.
	 */
	void schedule(EventLoop loop, SessionOutbox outbox) {
		this.pumps.computeIfAbsent(loop, LoopPump::new).add(outbox);
	}

	private static final class LoopPump implements Runnable {

		private final EventLoop loop;

		private final Queue<SessionOutbox> queued = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean scheduled = new AtomicBoolean();

		LoopPump(EventLoop loop) {
			this.loop = loop;
		}

		void add(SessionOutbox outbox) {
			this.queued.offer(outbox);
			if (this.scheduled.compareAndSet(false, true)) {
				this.loop.execute(this);
			}
		}

		@Override
		public void run() {
			// Cleared first: a session queued while this pass runs gets a pass of its
			// own.
			this.scheduled.set(false);
			SessionOutbox outbox;
			while ((outbox = this.queued.poll()) != null) {
				try {
					outbox.pumpQueued();
				}
				catch (RuntimeException ex) {
					// One session's failure must not leave the others queued for good.
					log.warn("Writing a live session failed: {}", ex.toString());
				}
			}
		}

	}

}
