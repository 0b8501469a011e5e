package io.flashgroup.flashsale;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.flashgroup.live.LiveFrame;
import io.flashgroup.live.LiveHub;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Node-local "sold out" flags, so the rush after the last unit is answered without a
 * Redis round trip. A flag is raised when the purchase script answers sold out, and
 * cleared by the first live state with a higher sequence number that shows stock again
 * (an expired or cancelled reservation). As a safety net a flag is trusted for at most
 * {@code max-age}.
 */
@Component
class SoldOutFlags implements SmartLifecycle {

	private final Function<String, Flux<LiveFrame>> watch;

	private final LongSupplier nanos;

	private final FlashSaleProperties properties;

	private final Map<Long, Flag> flags = new ConcurrentHashMap<>();

	private final Sinks.Many<Long> raised = Sinks.many().unicast().onBackpressureBuffer();

	private volatile Disposable watcher = Disposables.disposed();

	@Autowired
	SoldOutFlags(LiveHub hub, FlashSaleProperties properties) {
		this(hub::watch, properties, System::nanoTime);
	}

	/**
	 * @param watch a topic's live frames ({@link LiveHub#watch})
	 * @param properties the flag's max age
	 * @param nanos the clock flags are aged by
	 */
	SoldOutFlags(Function<String, Flux<LiveFrame>> watch, FlashSaleProperties properties, LongSupplier nanos) {
		this.watch = watch;
		this.properties = properties;
		this.nanos = nanos;
	}

	boolean isSoldOut(long saleId) {
		Flag flag = this.flags.get(saleId);
		if (flag == null) {
			return false;
		}
		if (this.nanos.getAsLong() - flag.raisedNanos() > this.properties.soldOutFlagMaxAge().toNanos()) {
			this.flags.remove(saleId, flag);
			return false;
		}
		return true;
	}

	/**
	 * Raises the flag; {@code seq} is the sequence number of the state that was sold out.
	 */
	void raise(long saleId, long seq) {
		if (this.flags.put(saleId, new Flag(seq, this.nanos.getAsLong())) == null) {
			this.raised.emitNext(saleId, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(10)));
		}
	}

	@Override
	public void start() {
		this.watcher = this.raised.asFlux().flatMap(this::watchUntilRestocked, Integer.MAX_VALUE).subscribe();
	}

	private Flux<Void> watchUntilRestocked(long saleId) {
		return this.watch.apply(FlashSaleType.KIND.topic(saleId))
			.take(this.properties.soldOutFlagMaxAge())
			.filter((frame) -> frame.stockLeft() > 0 && isNewer(saleId, frame.seq()))
			.next()
			.doFinally((signal) -> this.flags.remove(saleId))
			.thenMany(Flux.empty());
	}

	private boolean isNewer(long saleId, long seq) {
		Flag flag = this.flags.get(saleId);
		return flag != null && seq > flag.seq();
	}

	@Override
	public void stop() {
		this.watcher.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.watcher.isDisposed();
	}

	private record Flag(long seq, long raisedNanos) {
	}

}
