package io.flashgroup.shared;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The loop of a lifecycle worker: one pass every {@code interval}, never two at once, a
 * failed pass logged and the next one tried on time.
 */
public final class Passes {

	private Passes() {
	}

	/**
	 * Starts the loop; the caller owns the returned subscription and disposes it on stop.
	 * @param interval time between the starts of two passes
	 * @param pass one pass
	 * @param log where failed passes are reported
	 * @param what the pass's name in the log
	 * @return the running loop
	 */
	public static Disposable every(Duration interval, Supplier<Mono<?>> pass, Logger log, String what) {
		return every(Duration.ZERO, interval, pass, log, what);
	}

	/**
	 * The same loop, its first pass {@code delay} after the start.
	 * @param delay time before the first pass
	 * @param interval time between the starts of two passes
	 * @param pass one pass
	 * @param log where failed passes are reported
	 * @param what the pass's name in the log
	 * @return the running loop
	 */
	public static Disposable every(Duration delay, Duration interval, Supplier<Mono<?>> pass, Logger log, String what) {
		return Flux.interval(delay, interval)
			.onBackpressureDrop()
			.concatMap((tick) -> pass.get().onErrorResume((ex) -> {
				log.warn("{} pass failed: {}", what, ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

}
