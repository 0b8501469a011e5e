package io.flashgroup.flashsale;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.live.LiveFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node-local sold-out flag in virtual time: trusted for at most its max age, cleared
 * early by a newer state with stock, never by an older one.
 */
class SoldOutFlagsTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(2);

	private final AtomicLong nanos = new AtomicLong();

	private final Sinks.Many<LiveFrame> frames = Sinks.many().multicast().directBestEffort();

	private VirtualTimeScheduler time;

	private SoldOutFlags flags;

	@BeforeEach
	void start() {
		this.time = VirtualTimeScheduler.getOrSet();
		this.flags = new SoldOutFlags((topic) -> this.frames.asFlux(),
				new FlashSaleProperties(MAX_AGE, Duration.ofSeconds(1), Duration.ofSeconds(2)), this.nanos::get);
		this.flags.start();
	}

	@AfterEach
	void stop() {
		this.flags.stop();
		VirtualTimeScheduler.reset();
	}

	@Test
	void answersSoldOutLocallyUntilTheFlagIsOlderThanItsMaxAge() {
		this.flags.raise(7, 10);
		assertThat(this.flags.isSoldOut(7)).isTrue();
		assertThat(this.flags.isSoldOut(8)).isFalse();

		this.nanos.addAndGet(MAX_AGE.toNanos() - 1);
		assertThat(this.flags.isSoldOut(7)).isTrue();
		this.nanos.addAndGet(2);
		assertThat(this.flags.isSoldOut(7)).isFalse();
	}

	@Test
	void aNewerStateWithStockClearsTheFlagAndAnOlderOneDoesNot() {
		this.flags.raise(7, 10);

		this.frames.tryEmitNext(frame(9, 1)); // older than the sold-out state: a late
												// message
		assertThat(this.flags.isSoldOut(7)).isTrue();
		this.frames.tryEmitNext(frame(11, 0)); // newer, still sold out
		assertThat(this.flags.isSoldOut(7)).isTrue();
		this.frames.tryEmitNext(frame(12, 1)); // a reservation expired: stock again
		assertThat(this.flags.isSoldOut(7)).isFalse();
	}

	@Test
	void stopsWatchingTheTopicOnceTheMaxAgeHasPassed() {
		this.flags.raise(7, 10);
		assertThat(this.frames.currentSubscriberCount()).isOne();

		this.time.advanceTimeBy(MAX_AGE);

		assertThat(this.frames.currentSubscriberCount()).isZero();
		assertThat(this.flags.isSoldOut(7)).isFalse();
	}

	private static LiveFrame frame(long seq, long stockLeft) {
		return new LiveFrame("flash-sale:7", seq, 0,
				JsonMapper.builder().build().createObjectNode().put("stockLeft", stockLeft), new byte[0], new byte[0],
				0);
	}

}
