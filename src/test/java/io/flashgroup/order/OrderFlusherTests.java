package io.flashgroup.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flusher's loop in virtual time, with a pass standing in for PostgreSQL being down
 * or up: failed passes are retried after a backoff that doubles from 100 ms up to
 * {@code max-backoff}, a successful pass resets it, and no failure ends the loop.
 */
class OrderFlusherTests {

	private static final Duration POLL = Duration.ofMillis(50);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	/** Real time a scenario may take before it fails rather than waiting forever. */
	private static final Duration FAILS_AFTER = Duration.ofSeconds(5);

	private final OutboxProperties properties = new OutboxProperties(500, POLL, Duration.ofSeconds(30),
			Duration.ofSeconds(5), Duration.ofSeconds(2), MAX_BACKOFF, Duration.ofDays(1));

	private final Outbox outbox = new Outbox();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean stopping = new AtomicBoolean();

	@AfterEach
	void resetTime() {
		VirtualTimeScheduler.reset();
	}

	@Test
	void retriesAFailedPassAfterABackoffDoublingFrom100MillisUpToTheMax() {
		this.outbox.down();
		StepVerifier.withVirtualTime(this::loop)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(6))
			.thenCancel()
			.verify(FAILS_AFTER);

		assertThat(this.outbox.gapsAfterFailedPasses()).startsWith(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L)
			.allMatch((gap) -> gap <= MAX_BACKOFF.toMillis());
	}

	@Test
	void aSuccessfulPassResetsTheBackoff() {
		this.outbox.down();
		StepVerifier.withVirtualTime(this::loop)
			.expectSubscription()
			.thenAwait(Duration.ofMillis(700)) // failed at 0, 100, 300 and 700
			.then(this.outbox::up)
			.thenAwait(Duration.ofMillis(800))
			.then(this.outbox::down)
			.thenAwait(Duration.ofSeconds(1))
			.thenCancel()
			.verify(FAILS_AFTER);

		List<Long> gaps = this.outbox.gapsAfterFailedPasses();
		assertThat(gaps).startsWith(100L, 200L, 400L, 800L, 100L, 200L, 400L);
	}

	@Test
	void keepsEveryEntryThroughAnOutageAndWritesEachOnceItEnds() {
		this.outbox.add(3);
		this.outbox.down();
		StepVerifier.withVirtualTime(this::loop)
			.expectSubscription()
			.then(() -> this.outbox.add(2))
			.expectNoEvent(Duration.ofMinutes(1))
			.then(() -> this.outbox.add(4))
			.then(this.outbox::up)
			.expectNoEvent(MAX_BACKOFF)
			.thenCancel()
			.verify(FAILS_AFTER);

		assertThat(this.outbox.failedPasses()).isGreaterThan(50);
		assertThat(this.outbox.pending()).isZero();
		assertThat(this.outbox.written()).isEqualTo(9);
	}

	@Test
	void passesEveryPollIntervalWhileHealthyAndEndsOnceStopping() {
		StepVerifier.withVirtualTime(this::loop)
			.expectSubscription()
			.expectNoEvent(POLL.multipliedBy(10))
			.then(() -> this.stopping.set(true))
			.thenAwait(POLL)
			.expectComplete()
			.verify(FAILS_AFTER);

		assertThat(this.outbox.passTimes()).containsExactly(0L, 50L, 100L, 150L, 200L, 250L, 300L, 350L, 400L, 450L,
				500L);
	}

	/** The loop without the entry counts it emits: the tests look at the passes. */
	private Mono<Void> loop() {
		return OutboxStreams.passes(this.properties, this.outbox::pass, this.stopping::get, this.failures).then();
	}

	/**
	 * An outbox stream and PostgreSQL behind it: a pass writes every pending entry, or
	 * fails while PostgreSQL is down and leaves them pending (unacknowledged).
	 */
	private static final class Outbox {

		private boolean down;

		private int pending;

		private int written;

		private final List<Long> passTimes = new ArrayList<>();

		private final List<Boolean> passFailed = new ArrayList<>();

		void down() {
			this.down = true;
		}

		void up() {
			this.down = false;
		}

		void add(int entries) {
			this.pending += entries;
		}

		Mono<Integer> pass() {
			this.passTimes.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS));
			this.passFailed.add(this.down);
			if (this.down) {
				return Mono.error(new IllegalStateException("PostgreSQL is down"));
			}
			int batch = this.pending;
			this.pending = 0;
			this.written += batch;
			return Mono.just(batch);
		}

		List<Long> passTimes() {
			return this.passTimes;
		}

		int failedPasses() {
			return (int) this.passFailed.stream().filter((failed) -> failed).count();
		}

		int pending() {
			return this.pending;
		}

		int written() {
			return this.written;
		}

		/** Time from each failed pass to the next pass, in order. */
		List<Long> gapsAfterFailedPasses() {
			List<Long> gaps = new ArrayList<>();
			for (int i = 0; i + 1 < this.passTimes.size(); i++) {
				if (this.passFailed.get(i)) {
					gaps.add(this.passTimes.get(i + 1) - this.passTimes.get(i));
				}
			}
			return gaps;
		}

	}

}
