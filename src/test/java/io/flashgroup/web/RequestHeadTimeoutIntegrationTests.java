package io.flashgroup.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow-loris trickles its request head a byte at a time: each byte resets the idle
 * timeout, so only a deadline for the whole head cuts it off. A short deadline here, so
 * this class runs in its own context; the idle timeout stays long to show it is not what
 * closes the connection.
 */
@TestPropertySource(properties = { "flashgroup.server.request-head-timeout=2s", "server.netty.idle-timeout=30s" })
class RequestHeadTimeoutIntegrationTests extends IntegrationTestSupport {

	private static final String TRICKLED = "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Slow: "
			+ "a".repeat(40) + "\r\n\r\n";

	private final ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopClient() {
		this.client.shutdownNow();
	}

	@Test
	void answers408AndClosesAConnectionTricklingItsRequestHead() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			byte[] head = TRICKLED.getBytes(StandardCharsets.US_ASCII);
			AtomicInteger sent = new AtomicInteger();
			// One byte a second: the whole head would take over a minute.
			this.client.scheduleAtFixedRate(() -> {
				try {
					out.write(head[sent.getAndIncrement()]);
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException("closed", ex);
				}
			}, 0, 1, TimeUnit.SECONDS);
			long started = System.nanoTime();
			String answer = readUntilClosed(socket.getInputStream());
			Duration held = Duration.ofNanos(System.nanoTime() - started);
			assertThat(held).as("connection held by a trickled head").isLessThan(Duration.ofSeconds(5));
			assertThat(sent.get()).isLessThan(head.length);
			assertThat(answer).startsWith("HTTP/1.1 408 ")
				.contains("Connection: close")
				.contains("application/problem+json")
				.contains("\"status\":408");
		}
	}

	@Test
	void servesKeepAliveRequestsWithPausesLongerThanTheDeadlineBetweenThem() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			String request = "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
			byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
			out.write(bytes);
			out.flush();
			assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ");
			// Idle for longer than the deadline between requests: the deadline starts at
			// a
			// request's first byte, not when the previous answer went out.
			this.client.schedule(() -> write(out, bytes), 3, TimeUnit.SECONDS);
			assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ");
			// A head in two parts, 1 s apart, within the deadline.
			write(out, java.util.Arrays.copyOf(bytes, 20));
			this.client.schedule(() -> write(out, java.util.Arrays.copyOfRange(bytes, 20, bytes.length)), 1,
					TimeUnit.SECONDS);
			assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ");
			this.client.schedule(() -> write(out, bytes), 3, TimeUnit.SECONDS);
			assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ");
		}
	}

	@Test
	void leavesAWebSocketOpenLongerThanTheDeadline() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			write(out,
					("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
							+ "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
			assertThat(readResponse(in)).startsWith("HTTP/1.1 101 ");
			assertThat(readTextFrame(in)).contains("\"hello\"");
			// Client frames after the deadline, the second one trickled: not a request
			// head.
			byte[] frame = maskedText("{\"op\":\"subscribe\",\"topic\":\"flash-sale:0\"}");
			this.client.schedule(() -> write(out, java.util.Arrays.copyOf(frame, 4)), 3, TimeUnit.SECONDS);
			this.client.schedule(() -> write(out, java.util.Arrays.copyOfRange(frame, 4, frame.length)), 6,
					TimeUnit.SECONDS);
			assertThat(readTextFrame(in)).contains("not-found");
		}
	}

	@Test
	void leavesAnEventStreamOpenLongerThanTheDeadline() throws IOException {
		String topic = "flash-sale:" + liveSale(10, 5);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			write(out, ("GET /api/live/" + topic + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			this.client.schedule(() -> this.redis
				.publish(LIVE_PREFIX + topic,
						"{\"seq\":999999,\"serverTime\":1," + "\"state\":{\"seq\":999999,\"stockLeft\":3}}")
				.subscribe(), 4, TimeUnit.SECONDS);
			String stream = readUntil(in, "\"stockLeft\":3");
			assertThat(stream).startsWith("HTTP/1.1 200 ").contains("event:snapshot").contains("event:update");
		}
	}

	private static final String LIVE_PREFIX = "live:";

	private static byte[] maskedText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[6 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		byte[] mask = { 1, 2, 3, 4 };
		System.arraycopy(mask, 0, frame, 2, 4);
		for (int i = 0; i < payload.length; i++) {
			frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
		}
		return frame;
	}

	/** The next server text frame (small, unmasked). */
	private static String readTextFrame(InputStream in) throws IOException {
		int first = in.read();
		assertThat(first).as("frame opcode").isEqualTo(0x81);
		int length = in.read() & 0x7F;
		if (length == 126) {
			length = (in.read() << 8) | in.read();
		}
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

	/** Reads until the text appears; fails when the connection closes first. */
	private static String readUntil(InputStream in, String expected) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		while (!received.toString(StandardCharsets.UTF_8).contains(expected)) {
			int b = in.read();
			assertThat(b).as("closed before %s: %s", expected, received).isNotNegative();
			received.write(b);
		}
		return received.toString(StandardCharsets.UTF_8);
	}

	private static void write(OutputStream out, byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One answer with a Content-Length body; fails when the connection closes first. */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = in.read();
			assertThat(b).as("connection closed before an answer").isNotNegative();
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		int length = 0;
		for (String line : text.split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		assertThat(in.readNBytes(length)).hasSize(length);
		return text;
	}

	/** What the server sent before it closed. */
	private static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			in.transferTo(received);
		}
		catch (SocketException ex) {
			// a reset is a close too
		}
		return received.toString(StandardCharsets.UTF_8);
	}

}
