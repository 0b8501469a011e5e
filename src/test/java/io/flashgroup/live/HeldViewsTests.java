package io.flashgroup.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link HeldViews} answers from its copy and when it goes to the store, with the
 * topics, the clocks and the store faked.
 */
class HeldViewsTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(1);

	private static final long UNTIL = 10_000;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Sinks.Many<LiveFrame>> topics = new ConcurrentHashMap<>();

	private final AtomicLong serverMillis = new AtomicLong(1_000);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final AtomicInteger storeReads = new AtomicInteger();

	private final AtomicLong storeSeq = new AtomicLong(1);

	private final LocalWrites writes = new LocalWrites(this.nanos::get);

	private HeldViews views;

	@BeforeEach
	void start() {
		this.views = new HeldViews(this::watch, this.serverMillis::get, this.nanos::get,
				new HeldViewsProperties(2, Duration.ofHours(1), MAX_AGE), Duration.ofMillis(100), this.writes,
				new SimpleMeterRegistry());
		this.views.start();
	}

	@AfterEach
	void stop() {
		this.views.stop();
	}

	@Test
	void readsFromTheStoreUntilTheTopicDeliveredAFrame() {
		read("a");
		read("a");
		assertThat(this.storeReads).hasValue(2);
		frame("a", 1);
		assertThat(read("a")).isEqualTo("a@1");
		assertThat(this.storeReads).hasValue(2);
	}

	@Test
	void answersANewerFrameWithoutTheStore() {
		read("a");
		frame("a", 1);
		frame("a", 2);
		assertThat(read("a")).isEqualTo("a@2");
		assertThat(this.storeReads).hasValue(1);
	}

	@Test
	void ignoresAFrameOlderThanWhatItHolds() {
		this.storeSeq.set(5);
		read("a");
		frame("a", 5);
		frame("a", 4);
		assertThat(read("a")).isEqualTo("a@5");
	}

	@Test
	void goesToTheStoreOnceTheCopyIsOlderThanMaxAge() {
		read("a");
		frame("a", 1);
		this.nanos.addAndGet(MAX_AGE.toNanos() + 1);
		this.storeSeq.set(3);
		assertThat(read("a")).isEqualTo("a@3");
		assertThat(this.storeReads).hasValue(2);
		assertThat(read("a")).isEqualTo("a@3");
		assertThat(this.storeReads).hasValue(2);
	}

	@Test
	void stopsServingTheCopyWhenTheViewChangesByTheClock() {
		read("a");
		frame("a", 1);
		this.serverMillis.set(UNTIL);
		read("a");
		assertThat(this.storeReads).hasValue(2);
	}

	@Test
	void neverHoldsAViewThatStoppedChanging() {
		read("closed");
		assertThat(this.views.size()).isZero();
		assertThat(this.topics).doesNotContainKey("closed");
	}

	@Test
	void dropsTheViewWhenAFrameClosesIt() {
		read("a");
		frame("a", 1);
		frame("a", 2, true);
		assertThat(this.views.size()).isZero();
		read("a");
		assertThat(this.storeReads).hasValue(2);
	}

	@Test
	void holdsAtMostTheConfiguredNumberDroppingTheLeastRecentlyRead() {
		read("a");
		this.nanos.addAndGet(1);
		read("b");
		this.nanos.addAndGet(1);
		read("a");
		this.nanos.addAndGet(1);
		read("c");
		assertThat(this.views.size()).isEqualTo(2);
		frame("a", 1);
		frame("c", 1);
		int before = this.storeReads.get();
		read("a");
		read("c");
		assertThat(this.storeReads).hasValue(before);
		read("b");
		assertThat(this.storeReads).hasValue(before + 1);
	}

	@Test
	void forgetsAView() {
		read("a");
		frame("a", 1);
		this.views.forget("HeldViewsTests:a");
		read("a");
		assertThat(this.storeReads).hasValue(2);
	}

	@Test
	void goesToTheStoreAfterAWriteThroughThisNodeUntilConfirmedAgain() {
		read("a");
		frame("a", 1);
		this.nanos.addAndGet(1);
		this.writes.written(7);
		this.nanos.addAndGet(1);
		this.storeSeq.set(2);
		assertThat(read("a")).isEqualTo("a@2");
		assertThat(this.storeReads).hasValue(2);
		this.nanos.addAndGet(1);
		assertThat(read("a")).isEqualTo("a@2");
		assertThat(this.storeReads).hasValue(2);
	}

	private String read(String topic) {
		// Counted when the load is asked for, not when it runs: a held read assembles no
		// query.
		Supplier<Mono<HeldViews.Loaded<String>>> load = () -> {
			this.storeReads.incrementAndGet();
			return Mono.fromSupplier(() -> new HeldViews.Loaded<>(topic, "{\"seq\":" + this.storeSeq.get()
					+ ",\"serverTime\":0,\"state\":{\"closed\":" + topic.equals("closed") + "}}"));
		};
		byte[] json = this.views.read("HeldViewsTests:" + topic, 7, topic, load, this::render).block();
		return new String(json, StandardCharsets.UTF_8);
	}

	private HeldViews.Rendered render(String topic, String message) {
		var node = this.json.readTree(message);
		String view = topic + "@" + node.path("seq").asLong();
		return new HeldViews.Rendered(view.getBytes(StandardCharsets.UTF_8), UNTIL,
				node.path("state").path("closed").asBoolean());
	}

	private void frame(String topic, long seq) {
		frame(topic, seq, false);
	}

	private void frame(String topic, long seq, boolean closed) {
		var state = this.json.createObjectNode().put("closed", closed);
		this.topics.get(topic)
			.tryEmitNext(new LiveFrame(topic, seq, 0, state, new byte[0], new byte[0], this.nanos.get()));
	}

	private Flux<LiveFrame> watch(String topic) {
		return this.topics.computeIfAbsent(topic, (t) -> Sinks.many().multicast().directBestEffort()).asFlux();
	}

}
