package io.flashgroup.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashgroup.IntegrationTestSupport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server-Sent Events clients that stop reading are bounded like WebSocket sessions: the
 * stream keeps only the latest state, and one that stays stuck for {@code max-lag} (or
 * would need more than {@code max-session-backlog}) is ended and leaves the session
 * gauge. A plain socket with a tiny receive buffer plays the stalled client.
 */
@TestPropertySource(properties = { "flashgroup.live.max-lag=2s", "flashgroup.live.max-session-backlog=64KB",
		"flashgroup.live.min-interval=20ms" })
class SlowEventStreamClientIntegrationTests extends IntegrationTestSupport {

	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+),\"serverTime\"");

	@Autowired
	private MeterRegistry meters;

	@Test
	void endsAStalledEventStreamWithinMaxLag() throws IOException {
		String topic = "flash-sale:" + liveSale(10, 5);
		long baseline = sessions();
		double closed = slowCloses();
		try (Socket stalled = openStream(topic); Publisher publisher = new Publisher(topic, 2048)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == baseline + 1);
			long stalledAt = System.nanoTime();
			await().atMost(MAX_LAG.plusSeconds(4)).until(() -> sessions() == baseline);
			assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(MAX_LAG.plusSeconds(4));
			assertThat(slowCloses()).isEqualTo(closed + 1);

			String stream = readToEnd(stalled);
			assertThat(stream).as("the stream ends").containsAnyOf("\r\n0\r\n\r\n", "<closed>");
			List<Long> seqs = seqs(stream);
			assertThat(seqs).as("latest wins: increasing, far fewer than published").isSorted();
			long published = publisher.seq.get() - 1_000_000;
			assertThat(seqs.size()).as("states read of %d published", published).isLessThan((int) published / 2);
		}
	}

	@Test
	void endsAStreamWhoseBacklogOutgrowsTheBound() throws IOException {
		String topic = "flash-sale:" + liveSale(10, 5);
		long baseline = sessions();
		double closed = slowCloses();
		try (Socket stalled = openStream(topic); Publisher publisher = new Publisher(topic, 96 * 1024)) {
			await().atMost(MAX_LAG.plusSeconds(4)).until(() -> slowCloses() > closed && sessions() == baseline);
		}
	}

	/** Opens the stream and reads its answer's head; then reads nothing. */
	private Socket openStream(String topic) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		socket.setSoTimeout(15_000);
		socket.getOutputStream()
			.write(("GET /api/live/" + topic + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).isNotNegative();
			head.append((char) b);
		}
		assertThat(head.toString()).startsWith("HTTP/1.1 200 ");
		return socket;
	}

	/**
	 * Everything until the last chunk, {@code <closed>} when the server hung up, or
	 * {@code <still open>} when it still sends after 10 s.
	 */
	private static String readToEnd(Socket socket) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		byte[] last = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				all.write(buffer, 0, n);
				byte[] bytes = all.toByteArray();
				if (bytes.length >= last.length && java.util.Arrays.equals(bytes, bytes.length - last.length,
						bytes.length, last, 0, last.length)) {
					return all.toString(StandardCharsets.UTF_8);
				}
				if (System.nanoTime() > until) {
					return all.toString(StandardCharsets.UTF_8) + "<still open>";
				}
			}
		}
		catch (SocketException ex) {
			// a reset is a close too
		}
		catch (SocketTimeoutException ex) {
			return all.toString(StandardCharsets.UTF_8) + "<still open>";
		}
		return all.toString(StandardCharsets.UTF_8) + "<closed>";
	}

	private static List<Long> seqs(String stream) {
		List<Long> seqs = new ArrayList<>();
		Matcher matcher = SEQ.matcher(stream);
		while (matcher.find()) {
			seqs.add(Long.parseLong(matcher.group(1)));
		}
		return seqs;
	}

	/** Open event streams; -1 before the server counted them. */
	private long sessions() {
		Gauge gauge = this.meters.find("flashgroup.live.sessions").tag("transport", "sse").gauge();
		return (gauge != null) ? (long) gauge.value() : -1;
	}

	private double slowCloses() {
		Counter counter = this.meters.find("flashgroup.live.slow-closes").tag("transport", "sse").counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** Publishes a new state of the topic each 10 ms, as the scripts would. */
	private final class Publisher implements AutoCloseable {

		final AtomicLong seq = new AtomicLong(1_000_000);

		private final Disposable ticks;

		Publisher(String topic, int padding) {
			String pad = "x".repeat(padding);
			this.ticks = Flux.interval(Duration.ofMillis(10)).onBackpressureDrop().concatMap((tick) -> {
				long next = this.seq.incrementAndGet();
				return SlowEventStreamClientIntegrationTests.this.redis.publish(LiveHub.channel(topic),
						"{\"seq\":" + next + ",\"serverTime\":" + System.currentTimeMillis() + ",\"state\":{\"seq\":"
								+ next + ",\"stockLeft\":5,\"pad\":\"" + pad + "\"}}");
			}).subscribe();
		}

		@Override
		public void close() {
			this.ticks.dispose();
		}

	}

}
