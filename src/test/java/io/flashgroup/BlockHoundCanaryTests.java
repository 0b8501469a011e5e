package io.flashgroup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves BlockHound is installed in the test JVM, so blocking on a reactive thread fails
 * tests.
 */
class BlockHoundCanaryTests {

	@Test
	void failsBlockingCallsOnNonBlockingThreads() {
		CountDownLatch never = new CountDownLatch(1);
		Mono<Boolean> blocking = Mono.fromCallable(() -> never.await(10, TimeUnit.MILLISECONDS))
			.subscribeOn(Schedulers.parallel());
		assertThatThrownBy(() -> blocking.block(Duration.ofSeconds(5)))
			.hasCauseInstanceOf(BlockingOperationError.class);
	}

}
