package io.flashgroup.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic's frames in virtual time: conflated to the latest state once per
 * {@code min-interval}, never out of seq order, made into a frame once for every watcher,
 * the latest replayed to late joiners, the Redis subscription held while anyone watches;
 * past the frame budget, each group of watchers in turn, none missing a last state.
 */
class LiveHubTests {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	/** Real time a scenario may take before it fails rather than waiting forever. */
	private static final Duration FAILS_AFTER = Duration.ofSeconds(5);

	private final Sinks.Many<String> updates = Sinks.many().multicast().directBestEffort();

	private final AtomicInteger framesMade = new AtomicInteger();

	private final AtomicInteger unsubscribed = new AtomicInteger();

	@AfterEach
	void resetTime() {
		VirtualTimeScheduler.reset();
	}

	@Test
	void readsTheSequenceNumberWithoutParsing() {
		assertThat(LiveHub.seqOf("{\"state\":{\"seq\":42},\"seq\":42,\"serverTime\":1}")).isEqualTo(42);
		assertThat(LiveHub.seqOf("{\"serverTime\":1}")).isEqualTo(-1);
	}

	@Test
	void aBurstWithinOneIntervalReachesTheWatcherAsItsLatestStateOnly() {
		StepVerifier.withVirtualTime(() -> seqs(conflated(Mono.empty())))
			.expectSubscription()
			.then(() -> publish(1, 2, 3, 4, 5))
			.expectNoEvent(INTERVAL.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(5L)
			.expectNoEvent(INTERVAL.multipliedBy(10))
			.thenCancel()
			.verify(FAILS_AFTER);
		assertThat(this.framesMade).hasValue(1);
	}

	@Test
	void aQuietTopicDeliversItsNextStateWithinOneInterval() {
		StepVerifier.withVirtualTime(() -> seqs(conflated(Mono.empty())))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(1234))
			.then(() -> publish(1))
			.thenAwait(INTERVAL)
			.expectNext(1L)
			.then(() -> publish(2))
			.thenAwait(INTERVAL)
			.expectNext(2L)
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	@Test
	void aSteadyStreamIsSentAtMostOncePerIntervalEndingWithItsLatestState() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		List<Long> seqs = new ArrayList<>();
		List<Long> sentAt = new ArrayList<>();
		Flux<String> everyTenMillis = Flux.interval(Duration.ofMillis(10))
			.map((i) -> message(i + 1))
			.take(95)
			.concatWith(Flux.never());
		Disposable watcher = Conflation
			.every(LiveHub.offers(everyTenMillis, Mono.empty(), true, INTERVAL, () -> 1, this::frame, () -> {
			}))
			.subscribe((frame) -> {
				seqs.add(frame.seq());
				sentAt.add(time.now(TimeUnit.MILLISECONDS));
			});

		time.advanceTimeBy(Duration.ofSeconds(2));

		assertThat(seqs).hasSizeBetween(9, 10).isSorted().doesNotHaveDuplicates().endsWith(95L);
		for (int i = 1; i < sentAt.size(); i++) {
			assertThat(sentAt.get(i) - sentAt.get(i - 1)).isGreaterThanOrEqualTo(INTERVAL.toMillis());
		}
		watcher.dispose();
	}

	@Test
	void splitsTheWatchersIntoGroupsWhenTheyWouldExceedTheFrameBudget() {
		Duration max = Duration.ofSeconds(1);
		// 20,000 frames a second: 2,000 watchers fit at 10 a second, 10,000 at 2.
		assertThat(Conflation.groups(2_000, 20_000, INTERVAL, max)).isEqualTo(1);
		assertThat(Conflation.groups(10_000, 20_000, INTERVAL, max)).isEqualTo(5);
		assertThat(Conflation.groups(10_001, 20_000, INTERVAL, max)).isEqualTo(6);
		assertThat(Conflation.groups(100_000, 20_000, INTERVAL, max)).isEqualTo(10);
		assertThat(Conflation.groups(100_000, 0, INTERVAL, max)).isEqualTo(1);
	}

	@Test
	void aBusyTopicReachesEachGroupEveryNthTickWithItsNewestStateAndTheGroupsInTurn() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		Flux<String> everyTenMillis = Flux.interval(Duration.ofMillis(10)).map((i) -> message(i + 1));
		Flux<Conflation.Offer> offers = LiveHub.offers(everyTenMillis, Mono.empty(), true, INTERVAL, () -> 3,
				this::frame, () -> {
				});
		List<List<Long>> sentAt = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		List<Disposable> watchers = new ArrayList<>();
		for (int phase = 0; phase < 3; phase++) {
			List<Long> times = sentAt.get(phase);
			watchers
				.add(Conflation.paced(offers, phase).subscribe((frame) -> times.add(time.now(TimeUnit.MILLISECONDS))));
		}

		time.advanceTimeBy(Duration.ofSeconds(3));

		for (List<Long> times : sentAt) {
			// The first frame at once, then every third tick.
			assertThat(times).hasSizeBetween(9, 11);
			for (int i = 2; i < times.size(); i++) {
				assertThat(times.get(i) - times.get(i - 1)).isEqualTo(3 * INTERVAL.toMillis());
			}
		}
		// Each tick is due for one group: the three never write in the same tick.
		assertThat(sentAt.get(0).subList(1, 8)).doesNotContainAnyElementsOf(sentAt.get(1).subList(1, 8))
			.doesNotContainAnyElementsOf(sentAt.get(2).subList(1, 8));
		watchers.forEach(Disposable::dispose);
	}

	@Test
	void aTopicThatGoesQuietReachesEveryGroupWithItsLastStateOnceAndThenFallsSilent() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		Flux<Conflation.Offer> offers = LiveHub.offers(this.updates.asFlux(), Mono.just(message(1)), true, INTERVAL,
				() -> 4, this::frame, () -> {
				});
		List<List<Long>> seqs = new ArrayList<>();
		List<Disposable> watchers = pacedWatchers(offers, 4, seqs);
		time.advanceTimeBy(INTERVAL.multipliedBy(2));

		publish(2);
		time.advanceTimeBy(INTERVAL.multipliedBy(4));
		List<Conflation.Offer> afterwards = new ArrayList<>();
		Disposable listener = offers.skip(1).subscribe(afterwards::add);
		time.advanceTimeBy(INTERVAL.multipliedBy(20));

		assertThat(seqs).allSatisfy((got) -> assertThat(got).containsExactly(1L, 2L));
		assertThat(afterwards).isEmpty();
		listener.dispose();
		watchers.forEach(Disposable::dispose);
	}

	@Test
	void aChangeInTheNumberOfGroupsStillReachesEveryWatcherWithTheLastState() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		AtomicInteger groups = new AtomicInteger(2);
		Flux<Conflation.Offer> offers = LiveHub.offers(this.updates.asFlux(), Mono.just(message(1)), true, INTERVAL,
				groups::get, this::frame, () -> {
				});
		List<List<Long>> seqs = new ArrayList<>();
		List<Disposable> watchers = pacedWatchers(offers, 6, seqs);
		time.advanceTimeBy(INTERVAL.multipliedBy(2));

		publish(2);
		time.advanceTimeBy(INTERVAL);
		groups.set(3);
		time.advanceTimeBy(INTERVAL.multipliedBy(10));

		assertThat(seqs).allSatisfy((got) -> assertThat(got).containsExactly(1L, 2L));
		watchers.forEach(Disposable::dispose);
	}

	@Test
	void aNodeLocalConsumerGetsEveryNewStateOnceWhateverTheGroups() {
		StepVerifier.withVirtualTime(() -> seqs(Conflation.every(LiveHub.offers(this.updates.asFlux(),
				Mono.just(message(1)), true, INTERVAL, () -> 5, this::frame, () -> {
				}))))
			.thenAwait(INTERVAL)
			.expectNext(1L)
			.then(() -> publish(2))
			.thenAwait(INTERVAL)
			.expectNext(2L)
			.then(() -> publish(3))
			.thenAwait(INTERVAL)
			.expectNext(3L)
			.expectNoEvent(INTERVAL.multipliedBy(10))
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	@Test
	void neverDeliversAStateOlderThanOneAlreadyDelivered() {
		StepVerifier.withVirtualTime(() -> seqs(conflated(Mono.empty())))
			.expectSubscription()
			.then(() -> publish(5, 3))
			.thenAwait(INTERVAL)
			.expectNext(5L)
			.then(() -> publish(4))
			.thenAwait(INTERVAL)
			.then(() -> publish(5))
			.thenAwait(INTERVAL)
			.expectNoEvent(INTERVAL.multipliedBy(5))
			.then(() -> publish(6))
			.thenAwait(INTERVAL)
			.expectNext(6L)
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	@Test
	void anUpdatePublishedWhileTheSnapshotLoadsIsNotLostNorOvertakenByIt() {
		StepVerifier.withVirtualTime(() -> seqs(conflated(Mono.delay(Duration.ofMillis(30)).thenReturn(message(3)))))
			.expectSubscription()
			.thenAwait(Duration.ofMillis(10))
			.then(() -> publish(4))
			.thenAwait(INTERVAL)
			.expectNext(4L)
			.expectNoEvent(INTERVAL.multipliedBy(5))
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	@Test
	void theFirstWatcherGetsTheSnapshotWithinOneInterval() {
		StepVerifier.withVirtualTime(() -> seqs(conflated(Mono.just(message(7)))))
			.expectSubscription()
			.thenAwait(INTERVAL)
			.expectNext(7L)
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	@Test
	void aLateJoinerGetsTheLatestFrameAtOnceAndEveryWatcherTheSameFrame() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		Flux<LiveFrame> topic = conflated(Mono.just(message(7)));
		List<LiveFrame> first = new ArrayList<>();
		List<LiveFrame> late = new ArrayList<>();
		Disposable firstWatcher = topic.subscribe(first::add);
		time.advanceTimeBy(INTERVAL.multipliedBy(3));

		Disposable lateWatcher = topic.subscribe(late::add);

		assertThat(late).extracting(LiveFrame::seq).containsExactly(7L);
		publish(8);
		time.advanceTimeBy(INTERVAL);
		assertThat(first).extracting(LiveFrame::seq).containsExactly(7L, 8L);
		assertThat(late).extracting(LiveFrame::seq).containsExactly(7L, 8L);
		assertThat(late.get(1)).isSameAs(first.get(1));
		assertThat(this.framesMade).hasValue(2);
		firstWatcher.dispose();
		lateWatcher.dispose();
	}

	@Test
	void unsubscribesWhenTheLastWatcherLeavesAndLoadsAFreshSnapshotForTheNextOne() {
		VirtualTimeScheduler.getOrSet();
		AtomicInteger snapshots = new AtomicInteger();
		Flux<LiveFrame> topic = conflated(Mono.fromSupplier(() -> message(snapshots.incrementAndGet())));
		Disposable one = topic.subscribe();
		Disposable two = topic.subscribe();
		assertThat(snapshots).hasValue(1);

		one.dispose();
		assertThat(this.unsubscribed).hasValue(0);
		two.dispose();
		assertThat(this.unsubscribed).hasValue(1);

		topic.subscribe().dispose();
		assertThat(snapshots).hasValue(2);
		assertThat(this.unsubscribed).hasValue(2);
	}

	@Test
	void aTopicThatIsNotConflatedDeliversEveryNewerStateAtOnceInOrder() {
		StepVerifier
			.withVirtualTime(() -> seqs(Conflation.every(LiveHub.offers(this.updates.asFlux(), Mono.just(message(2)),
					false, INTERVAL, () -> 1, this::frame, this.unsubscribed::incrementAndGet))))
			.expectNext(2L)
			.then(() -> publish(1, 3, 4, 4, 5))
			.expectNext(3L, 4L, 5L)
			.expectNoEvent(INTERVAL.multipliedBy(5))
			.thenCancel()
			.verify(FAILS_AFTER);
	}

	private Flux<LiveFrame> conflated(Mono<String> snapshot) {
		return Conflation.every(LiveHub.offers(this.updates.asFlux(), snapshot, true, INTERVAL, () -> 1, this::frame,
				this.unsubscribed::incrementAndGet));
	}

	/**
	 * One paced watcher per phase, each collecting the seqs it gets into {@code seqs}.
	 */
	private static List<Disposable> pacedWatchers(Flux<Conflation.Offer> offers, int phases, List<List<Long>> seqs) {
		List<Disposable> watchers = new ArrayList<>();
		for (int phase = 0; phase < phases; phase++) {
			List<Long> got = new ArrayList<>();
			seqs.add(got);
			watchers.add(Conflation.paced(offers, phase).subscribe((frame) -> got.add(frame.seq())));
		}
		return watchers;
	}

	private static Flux<Long> seqs(Flux<LiveFrame> frames) {
		return frames.map(LiveFrame::seq);
	}

	private void publish(long... seqs) {
		for (long seq : seqs) {
			this.updates.tryEmitNext(message(seq));
		}
	}

	private LiveFrame frame(String message) {
		this.framesMade.incrementAndGet();
		byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
		return new LiveFrame("flash-sale:7", LiveHub.seqOf(message), 0, NullNode.getInstance(), bytes, bytes, 0);
	}

	private static String message(long seq) {
		return "{\"seq\":" + seq + ",\"serverTime\":0,\"state\":{}}";
	}

}
