package io.flashgroup.live;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A source shared by all its subscribers, the latest value replayed to each new one: the
 * first subscriber connects it, the last one leaving cancels it, and the next one
 * connects it afresh (nothing from the old connection is replayed). What
 * {@code replay(1).refCount()} does, at a cost per value that grows with the subscribers
 * only linearly: Reactor's {@code FluxReplay} lets each subscriber's progress re-check
 * every other subscriber's demand on every value (its upstream prefetch), so one frame to
 * 10,000 watchers of a sale cost 10,000 x 10,000 steps on the thread that hands it out,
 * the largest item in the fan-out's profile. A replay sink of the latest value keeps no
 * shared demand: it hands each value to each subscriber once. The source is consumed
 * without backpressure, which suits a conflated topic: every subscriber takes each frame
 * at once and applies its own policy (a session keeps only the latest per topic).
 */
final class SharedLatest<T> {

	private final Flux<T> source;

	/** The current connection, null while nobody subscribes; guarded by this. */
	private @Nullable Connection<T> connection;

	SharedLatest(Flux<T> source) {
		this.source = source;
	}

	/** Subscribing joins the shared connection (opening it first if none is open). */
	Flux<T> flux() {
		return Flux.defer(() -> {
			Connection<T> joined = join();
			return joined.sink.asFlux().doFinally((signal) -> leave(joined));
		});
	}

	private Connection<T> join() {
		Connection<T> joined;
		boolean connect;
		synchronized (this) {
			joined = this.connection;
			connect = (joined == null);
			if (joined == null) {
				joined = new Connection<>();
				this.connection = joined;
			}
			joined.subscribers++;
		}
		if (connect) {
			Connection<T> opened = joined;
			// Outside the lock: the source may emit at once. If the last subscriber left
			// meanwhile, the swap is disposed already and cancels this subscription.
			opened.upstream.update(this.source.subscribe(opened.sink::tryEmitNext, (error) -> ended(opened, error),
					() -> ended(opened, null)));
		}
		return joined;
	}

	private void leave(Connection<T> left) {
		synchronized (this) {
			if (--left.subscribers > 0) {
				return;
			}
			if (this.connection == left) {
				this.connection = null;
			}
		}
		left.upstream.dispose();
	}

	/** The source ended: its subscribers get the signal, the next one connects anew. */
	private void ended(Connection<T> ended, @Nullable Throwable error) {
		synchronized (this) {
			if (this.connection == ended) {
				this.connection = null;
			}
		}
		if (error != null) {
			ended.sink.tryEmitError(error);
		}
		else {
			ended.sink.tryEmitComplete();
		}
	}

	/** One subscription to the source and the subscribers sharing it. */
	private static final class Connection<T> {

		/** Emitted to only by the source's subscription, which signals serially. */
		private final Sinks.Many<T> sink = Sinks.unsafe().many().replay().latest();

		private final Disposable.Swap upstream = Disposables.swap();

		/** Guarded by the owning {@link SharedLatest}. */
		private int subscribers;

	}

}
