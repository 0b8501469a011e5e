package io.flashgroup.timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.CampaignTimers;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timer worker in virtual time, with campaigns and timer scripts standing in for
 * Redis: a pass every poll interval over every active campaign with its kind's timers, a
 * failing campaign stopping neither the others nor the loop, the lag recorded.
 */
class TimerWorkerTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private static final int BATCH = 500;

	/** Real time a scenario may take before it fails rather than waiting forever. */
	private static final Duration FAILS_AFTER = Duration.ofSeconds(5);

	private final List<Long> active = new ArrayList<>();

	private final Map<Long, String> storedKinds = new ConcurrentHashMap<>();

	private final AtomicInteger kindReads = new AtomicInteger();

	private final Timers flashSales = new Timers("FLASH_SALE");

	private final Timers groupBuys = new Timers("GROUP_BUY");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final TimerWorker worker = new TimerWorker(() -> Mono.just(List.copyOf(this.active)), this::storedKind,
			List.of(this.flashSales, this.groupBuys), new TimerProperties(POLL, BATCH), this.meters);

	@AfterEach
	void stop() {
		this.worker.stop();
		VirtualTimeScheduler.reset();
	}

	@Test
	void runsAPassEveryPollIntervalOverEveryActiveCampaignWithItsKindsTimers() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		campaign(1, "FLASH_SALE");
		campaign(2, "GROUP_BUY");
		campaign(3, "FLASH_SALE");

		this.worker.start();
		time.advanceTimeBy(POLL.multipliedBy(5));

		assertThat(this.flashSales.appliedAt(1)).containsExactly(0L, 200L, 400L, 600L, 800L, 1000L);
		assertThat(this.flashSales.appliedAt(3)).containsExactly(0L, 200L, 400L, 600L, 800L, 1000L);
		assertThat(this.groupBuys.appliedAt(2)).containsExactly(0L, 200L, 400L, 600L, 800L, 1000L);
		assertThat(this.flashSales.appliedAt(2)).isEmpty();
		assertThat(this.flashSales.maxes).containsOnly(BATCH);
	}

	@Test
	void aFailingCampaignStopsNeitherTheOthersNorTheLoop() {
		LongStream.rangeClosed(1, 20).forEach((id) -> campaign(id, "FLASH_SALE"));
		this.flashSales.failing = 1;

		StepVerifier.withVirtualTime(this.worker::applyDue).verifyComplete();
		assertThat(this.flashSales.appliedCampaigns()).containsAll(LongStream.rangeClosed(2, 20).boxed().toList());

		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		this.worker.start();
		time.advanceTimeBy(POLL.multipliedBy(3));
		assertThat(this.flashSales.appliedAt(20)).hasSize(5);
		assertThat(this.flashSales.appliedAt(1)).hasSize(5);
	}

	@Test
	void keepsTheLoopGoingWhenAWholePassFails() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		campaign(1, "FLASH_SALE");
		TimerWorker worker = new TimerWorker(() -> Mono.error(new IllegalStateException("Redis is down")),
				this::storedKind, List.of(this.flashSales), new TimerProperties(POLL, BATCH), this.meters);

		worker.start();
		time.advanceTimeBy(POLL.multipliedBy(3));

		assertThat(worker.isRunning()).isTrue();
		worker.stop();
	}

	@Test
	void recordsTheLagOfAppliedTimersOnly() {
		campaign(1, "FLASH_SALE");
		campaign(2, "FLASH_SALE");
		this.flashSales.lagMillis.put(1L, 250L);

		StepVerifier.withVirtualTime(this.worker::applyDue).verifyComplete();

		Timer lag = this.meters.get("flashgroup.timers.lag").timer();
		assertThat(lag.count()).isOne();
		assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void readsAKindOnceAndSkipsACampaignWithoutStateUntilItHasSome() {
		campaign(1, "GROUP_BUY");
		this.active.add(2L); // being rebuilt: no state yet

		StepVerifier.withVirtualTime(this.worker::applyDue).verifyComplete();
		StepVerifier.withVirtualTime(this.worker::applyDue).verifyComplete();
		assertThat(this.groupBuys.appliedAt(1)).hasSize(2);
		assertThat(this.flashSales.appliedAt(2)).isEmpty();
		assertThat(this.groupBuys.appliedAt(2)).isEmpty();
		assertThat(this.kindReads).hasValue(3);

		this.storedKinds.put(2L, "GROUP_BUY");
		StepVerifier.withVirtualTime(this.worker::applyDue).verifyComplete();
		assertThat(this.groupBuys.appliedAt(2)).hasSize(1);
	}

	private void campaign(long id, String kind) {
		this.active.add(id);
		this.storedKinds.put(id, kind);
	}

	private Mono<String> storedKind(CampaignKeys keys) {
		this.kindReads.incrementAndGet();
		return Mono.justOrEmpty(this.storedKinds.get(keys.campaignId()));
	}

	/**
	 * One kind's timer script: records when each campaign's timers were applied, replies
	 * {applied, lag} (one timer with the campaign's lag if it has one, else none), and
	 * fails for the {@code failing} campaign.
	 */
	private static final class Timers implements CampaignTimers {

		private final String kind;

		private final Map<Long, List<Long>> applied = new ConcurrentHashMap<>();

		private final Map<Long, Long> lagMillis = new ConcurrentHashMap<>();

		private final List<Integer> maxes = new ArrayList<>();

		private volatile long failing = -1;

		Timers(String kind) {
			this.kind = kind;
		}

		@Override
		public CampaignKind kind() {
			return new CampaignKind(this.kind, this.kind, null);
		}

		@Override
		public Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
			return Mono.defer(() -> {
				this.maxes.add(max);
				this.applied.computeIfAbsent(keys.campaignId(), (id) -> new ArrayList<>())
					.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS));
				if (keys.campaignId() == this.failing) {
					return Mono.error(new IllegalStateException("WRONGTYPE in campaign " + this.failing));
				}
				Long lag = this.lagMillis.get(keys.campaignId());
				return Mono.just((lag != null) ? List.<Object>of(1L, lag) : List.<Object>of(0L, 0L));
			});
		}

		List<Long> appliedAt(long campaignId) {
			return this.applied.getOrDefault(campaignId, List.of());
		}

		List<Long> appliedCampaigns() {
			return List.copyOf(this.applied.keySet());
		}

	}

}
