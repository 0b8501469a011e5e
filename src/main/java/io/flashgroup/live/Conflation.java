package io.flashgroup.live;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A conflated topic's states, made into a frame at most once per tick and offered to its
 * watchers in groups. Every tick ({@code min-interval}) the newest state since the last
 * one becomes a frame, serialized once. While the node's watchers exceed its frame budget
 * they are split into {@code groups} by a phase given when they join, and a tick's offer
 * is due for one group only: each watcher gets every {@code groups}-th tick, each time
 * the newest state, and the node writes a fraction of its watchers per tick instead of
 * all of them at once every {@code groups} ticks, which is what made the last of 10,000
 * watchers wait (a burst of 10,000 writes on two cores). A topic that goes quiet offers
 * its latest frame again on the following ticks until every group had it, so nobody
 * misses a final state ({@code ENDED}, {@code SOLD_OUT}); a change in the number of
 * groups starts that round again. Each watcher skips what it has ({@link #paced},
 * {@link #every}).
 */
final class Conflation {

	private final IntSupplier groups;

	private final Function<String, LiveFrame> frame;

	/** The newest state since the last tick, set from the subscription's thread. */
	private final AtomicReference<@Nullable String> newest = new AtomicReference<>();

	// The rest only on the ticking thread (one tick after the other).

	private long tick;

	private @Nullable LiveFrame latest;

	/** The tick from which every group is offered {@link #latest} once. */
	private long roundStart;

	/** The number of groups that round is for. */
	private int roundGroups;

	private Conflation(IntSupplier groups, Function<String, LiveFrame> frame) {
		this.groups = groups;
		this.frame = frame;
	}

	/**
	 * The offers of a conflated topic: one per tick of {@code ticks} that has a new state
	 * or a group still to reach.
	 * @param states the topic's states, newer ones only
	 * @param groups the number of groups now (1: every watcher gets every tick)
	 */
	static Flux<Offer> offers(Flux<String> states, Flux<Long> ticks, IntSupplier groups,
			Function<String, LiveFrame> frame) {
		return Flux.defer(() -> {
			Conflation conflation = new Conflation(groups, frame);
			Flux<Offer> none = states.doOnNext(conflation.newest::set).thenMany(Flux.empty());
			return Flux.merge(none, ticks.mapNotNull((tick) -> conflation.next()));
		});
	}

	/** The offers of a topic that is not conflated: each state, to every watcher. */
	static Flux<Offer> unconflated(Flux<String> states, Function<String, LiveFrame> frame) {
		return states.map((state) -> new Offer(frame.apply(state), 0, 1));
	}

	/**
	 * How many groups {@code watchers} watchers are split into, each getting one tick in
	 * that many: 1 while a frame to each of them every {@code min} fits in the budget,
	 * else as many as it takes to fit, up to {@code max} / {@code min}.
	 * @param budget frames per second for all watchers together; 0: none
	 */
	static int groups(int watchers, long budget, Duration min, Duration max) {
		if (budget == 0) {
			return 1;
		}
		long framesAtMin = watchers * 1_000_000_000L / min.toNanos();
		long groups = (framesAtMin + budget - 1) / budget;
		long most = Math.max(1, max.toNanos() / min.toNanos());
		return (int) Math.clamp(groups, 1, most);
	}

	/**
	 * Ticks at a fixed rate of {@code interval}: a tick is due one interval after the one
	 * before was due, not after the frame it made reached its watchers (which takes time
	 * with thousands), and never earlier than now.
	 */
	static Flux<Long> ticks(Duration interval) {
		return Flux.defer(() -> {
			Scheduler timer = Schedulers.parallel();
			long[] due = { timer.now(TimeUnit.NANOSECONDS) };
			return Mono.defer(() -> {
				long now = timer.now(TimeUnit.NANOSECONDS);
				due[0] = Math.max(due[0] + interval.toNanos(), now);
				return Mono.delay(Duration.ofNanos(due[0] - now), timer);
			}).repeat();
		});
	}

	private @Nullable Offer next() {
		long now = this.tick++;
		int groupsNow = Math.max(1, this.groups.getAsInt());
		String state = this.newest.getAndSet(null);
		if (state != null) {
			this.latest = this.frame.apply(state);
			startRound(now, groupsNow);
		}
		else if (this.latest == null) {
			return null;
		}
		else if (groupsNow != this.roundGroups) {
			startRound(now, groupsNow);
		}
		else if (now - this.roundStart >= groupsNow) {
			return null;
		}
		return new Offer(this.latest, now, groupsNow);
	}

	private void startRound(long tick, int groups) {
		this.roundStart = tick;
		this.roundGroups = groups;
	}

	/**
	 * Each offer once, newest states only: for node-local consumers that follow every
	 * frame.
	 */
	static Flux<LiveFrame> every(Flux<Offer> offers) {
		return Flux.defer(() -> {
			Newer newer = new Newer();
			return offers.filter((offer) -> newer.accepts(offer.frame())).map(Offer::frame);
		});
	}

	/**
	 * What one watcher with {@code phase} gets: the latest frame at once, then the newer
	 * frames of the ticks due for its group.
	 */
	static Flux<LiveFrame> paced(Flux<Offer> offers, long phase) {
		return Flux.defer(() -> {
			Newer newer = new Newer();
			return offers.filter((offer) -> (newer.first() || offer.dueFor(phase)) && newer.accepts(offer.frame()))
				.map(Offer::frame);
		});
	}

	/** One watcher's last taken seq. */
	private static final class Newer {

		private long lastSeq = -1;

		private boolean taken;

		boolean first() {
			return !this.taken;
		}

		boolean accepts(LiveFrame frame) {
			if (this.taken && frame.seq() <= this.lastSeq) {
				return false;
			}
			this.lastSeq = frame.seq();
			this.taken = true;
			return true;
		}

	}

	/**
	 * A frame offered at a tick.
	 *
	 * @param tick the topic's tick number
	 * @param groups how many groups the watchers were split into at that tick
	 */
	record Offer(LiveFrame frame, long tick, int groups) {

		/** Whether the offer is due for watchers with {@code phase}. */
		boolean dueFor(long phase) {
			return this.tick % this.groups == phase % this.groups;
		}

	}

}
