package io.flashgroup.live;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.flashgroup.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that do not read: a plain socket with a tiny receive buffer subscribes to busy
 * topics and stops reading. Its own context: a small {@code max-lag} and backlog bound.
 */
@TestPropertySource(properties = { "flashgroup.live.max-lag=2s", "flashgroup.live.max-session-backlog=64KB",
		"flashgroup.live.min-interval=20ms" })
class SlowWebSocketClientIntegrationTests extends IntegrationTestSupport {

	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MeterRegistry meters;

	@Test
	void closesAStalledClientWith1013WithinMaxLagWhileOthersKeepReceiving() throws IOException {
		List<String> topics = busyTopics(10);
		long baseline = sessions();
		try (Watcher watcher = watchTopic(topics.get(0));
				RawWebSocket stalled = subscribed(topics);
				Publisher publisher = publish(topics, 2048)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == baseline + 2);
			long stalledAt = System.nanoTime();
			await().atMost(MAX_LAG.plusSeconds(3)).until(() -> sessions() == baseline + 1);
			assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(MAX_LAG.plusSeconds(3));

			RawWebSocket.Received received = stalled.readToEnd();
			assertThat(received.closeCode()).isEqualTo(1013);
			assertLatestWins(received.texts(), publisher);

			long seen = watcher.received().size();
			long published = publisher.seq.get();
			await().atMost(Duration.ofSeconds(5)).until(() -> watcher.received().size() > seen + 10);
			await().atMost(Duration.ofSeconds(5)).until(() -> latestSeq(watcher.received()) >= published);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> sessions() == baseline);
	}

	@Test
	void aClientThatReadsAgainInTimeGetsTheLatestStateOfEachTopicNotEveryState() throws IOException {
		List<String> topics = busyTopics(3);
		long baseline = sessions();
		try (RawWebSocket reader = subscribed(topics); Publisher publisher = publish(topics, 8192)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == baseline + 1);
			long from = publisher.seq.get();
			await().atMost(Duration.ofSeconds(5)).until(() -> publisher.seq.get() > from + 60);
			publisher.stop();
			long last = publisher.seq.get();
			reader.sendText("{\"op\":\"unsubscribe\",\"topic\":\"" + topics.get(0) + "\"}");
			List<String> texts = readUntilUnsubscribed(reader);
			List<JsonNode> updates = texts.stream().map(JSON::readTree).filter((m) -> m.has("seq")).toList();
			Map<String, List<Long>> seqs = updates.stream()
				.collect(Collectors.groupingBy((m) -> m.path("topic").asString(),
						Collectors.mapping((m) -> m.path("seq").asLong(), Collectors.toList())));
			for (String topic : topics) {
				assertThat(seqs.get(topic)).isSorted().doesNotHaveDuplicates();
			}
			assertThat(updates).as("far fewer than the %d states published", 3 * (last - from))
				.hasSizeLessThan((int) (last - from));
			assertThat(sessions()).isEqualTo(baseline + 1);
		}
	}

	@Test
	void closesAClientWhoseBacklogOutgrowsTheBound() throws IOException {
		List<String> topics = busyTopics(8);
		long baseline = sessions();
		double closed = slowCloses();
		try (RawWebSocket stalled = subscribed(topics); Publisher publisher = publish(topics, 16 * 1024)) {
			await().atMost(MAX_LAG.plusSeconds(3)).until(() -> slowCloses() > closed && sessions() == baseline);
			RawWebSocket.Received received = stalled.readToEnd();
			assertThat(received.closeCode()).isEqualTo(1013);
		}
	}

	/**
	 * A measurement, not a bound: memory with many stalled sessions on busy topics, and
	 * after the server closed them. {@code -Dslowws.sessions=1000} for a bigger run.
	 */
	@Test
	void stalledSessionsAreClosedAndTheirMemoryIsReleased() throws IOException {
		int count = Integer.getInteger("slowws.sessions", 200);
		List<String> topics = busyTopics(10);
		long baseline = sessions();
		String before = memory();
		List<RawWebSocket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				stalled.add(subscribed(topics));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> sessions() == baseline + count);
			String open = memory();
			try (Publisher publisher = publish(topics, 2048)) {
				long from = publisher.seq.get();
				await().atMost(Duration.ofSeconds(10)).until(() -> publisher.seq.get() > from + 50);
				String during = memory();
				System.out.printf("slowws: %d stalled sessions x %d topics: before %s; open %s; stalled %s%n", count,
						topics.size(), before, open, during);
				await().atMost(MAX_LAG.plusSeconds(20)).until(() -> sessions() == baseline);
				System.out.printf("slowws: after closing them %s%n", memory());
			}
		}
		finally {
			for (RawWebSocket socket : stalled) {
				socket.close();
			}
		}
	}

	private List<String> busyTopics(int count) {
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			topics.add("flash-sale:" + liveSale(10, 5));
		}
		return topics;
	}

	private RawWebSocket subscribed(List<String> topics) throws IOException {
		RawWebSocket socket = RawWebSocket.open(this.port);
		for (String topic : topics) {
			socket.sendText("{\"op\":\"subscribe\",\"topic\":\"" + topic + "\"}");
		}
		return socket;
	}

	private long sessions() {
		return (long) this.meters.get("flashgroup.live.sessions").tag("transport", "websocket").gauge().value();
	}

	private double slowCloses() {
		return this.meters.get("flashgroup.live.slow-closes").tag("transport", "websocket").counter().count();
	}

	/** Reads until the ack of an unsubscribe, i.e. everything queued before it. */
	private static List<String> readUntilUnsubscribed(RawWebSocket reader) throws IOException {
		return reader.readUntil((text) -> text.contains("\"unsubscribed\""));
	}

	/** Per topic: increasing states, and at most a few stale ones from socket buffers. */
	private static void assertLatestWins(List<String> texts, Publisher publisher) {
		List<JsonNode> updates = texts.stream()
			.map(JSON::readTree)
			.filter((m) -> "update".equals(m.path("type").asString()))
			.toList();
		assertThat(updates.size()).as("updates read by the stalled client").isLessThan(200);
		assertThat(publisher.seq.get()).isGreaterThan(100);
	}

	private static long latestSeq(List<JsonNode> messages) {
		return messages.stream().mapToLong((m) -> m.path("seq").asLong(-1)).max().orElse(-1);
	}

	private static String memory() {
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long nio = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> "direct".equals(pool.getName()))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
		return String.format("heap %d KB, direct %d KB (netty %d KB)", heap / 1024, nio / 1024,
				PlatformDependent.usedDirectMemory() / 1024);
	}

	/** Publishes a new state of every topic each 10 ms, as the scripts would. */
	private Publisher publish(List<String> topics, int padding) {
		return new Publisher(topics, padding);
	}

	private final class Publisher implements AutoCloseable {

		final AtomicLong seq = new AtomicLong(1_000_000);

		private final Disposable ticks;

		Publisher(List<String> topics, int padding) {
			String pad = "x".repeat(padding);
			this.ticks = Flux.interval(Duration.ofMillis(10)).onBackpressureDrop().concatMap((tick) -> {
				long next = this.seq.incrementAndGet();
				return Flux.fromIterable(topics)
					.concatMap((topic) -> SlowWebSocketClientIntegrationTests.this.redis.publish(LiveHub.channel(topic),
							"{\"seq\":" + next + ",\"serverTime\":" + System.currentTimeMillis()
									+ ",\"state\":{\"seq\":" + next + ",\"stockLeft\":5,\"pad\":\"" + pad + "\"}}"));
			}).subscribe();
		}

		void stop() {
			this.ticks.dispose();
		}

		@Override
		public void close() {
			stop();
		}

	}

}
