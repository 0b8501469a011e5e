package io.flashgroup.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One connection to the source for all subscribers, the latest value replayed to late
 * ones, cancelled with the last, connected afresh for the next.
 */
class SharedLatestTests {

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger cancellations = new AtomicInteger();

	private Sinks.Many<Integer> source = Sinks.many().multicast().directBestEffort();

	private final SharedLatest<Integer> shared = new SharedLatest<>(Flux.defer(() -> {
		this.connections.incrementAndGet();
		this.source = Sinks.many().multicast().directBestEffort();
		return this.source.asFlux();
	}).doOnCancel(this.cancellations::incrementAndGet));

	@Test
	void handsEveryValueToEverySubscriberAndTheLatestToALateOneFirst() {
		List<Integer> first = new ArrayList<>();
		List<Integer> late = new ArrayList<>();
		Disposable one = this.shared.flux().subscribe(first::add);
		this.source.tryEmitNext(1);
		this.source.tryEmitNext(2);

		Disposable two = this.shared.flux().subscribe(late::add);
		this.source.tryEmitNext(3);

		assertThat(first).containsExactly(1, 2, 3);
		assertThat(late).containsExactly(2, 3);
		assertThat(this.connections).hasValue(1);
		one.dispose();
		two.dispose();
	}

	@Test
	void cancelsTheSourceWithTheLastSubscriberAndConnectsAfreshWithoutTheOldLatest() {
		Disposable one = this.shared.flux().subscribe();
		Disposable two = this.shared.flux().subscribe();
		this.source.tryEmitNext(1);

		one.dispose();
		assertThat(this.cancellations).hasValue(0);
		two.dispose();
		assertThat(this.cancellations).hasValue(1);

		List<Integer> next = new ArrayList<>();
		Disposable three = this.shared.flux().subscribe(next::add);
		assertThat(this.connections).hasValue(2);
		assertThat(next).isEmpty();
		this.source.tryEmitNext(2);
		assertThat(next).containsExactly(2);
		three.dispose();
	}

	@Test
	void passesTheSourcesErrorToItsSubscribersAndTheNextOneConnectsAnew() {
		List<Throwable> errors = new ArrayList<>();
		this.shared.flux().subscribe(null, errors::add);
		this.shared.flux().subscribe(null, errors::add);

		this.source.tryEmitError(new IllegalStateException("Redis went away"));

		assertThat(errors).hasSize(2).allSatisfy((error) -> assertThat(error).hasMessage("Redis went away"));
		List<Integer> next = new ArrayList<>();
		Disposable again = this.shared.flux().subscribe(next::add);
		this.source.tryEmitNext(7);
		assertThat(this.connections).hasValue(2);
		assertThat(next).containsExactly(7);
		again.dispose();
	}

	@Test
	void tenThousandSubscribersEachGetEachValueOnce() {
		LongAdder received = new LongAdder();
		List<Disposable> subscribers = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			subscribers.add(this.shared.flux().subscribe((value) -> received.increment()));
		}

		for (int value = 0; value < 10; value++) {
			this.source.tryEmitNext(value);
		}

		assertThat(received.sum()).isEqualTo(100_000);
		assertThat(this.connections).hasValue(1);
		subscribers.forEach(Disposable::dispose);
		assertThat(this.cancellations).hasValue(1);
	}

}
