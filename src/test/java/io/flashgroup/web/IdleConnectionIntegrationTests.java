package io.flashgroup.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that opens a connection and sends half a request line, then nothing, is cut
 * off after {@code server.netty.idle-timeout} instead of holding the connection for good
 * (a slow-loris). A short timeout here, so this class runs in its own context.
 */
@TestPropertySource(properties = "server.netty.idle-timeout=2s")
class IdleConnectionIntegrationTests extends IntegrationTestSupport {

	@Test
	void closesAConnectionWhoseRequestStopsHalfWay() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(15_000);
			socket.getOutputStream().write("GET /api/flash-sa".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			long started = System.nanoTime();
			assertThat(readUntilClosed(socket.getInputStream())).as("answer to half a request").isEmpty();
			Duration held = Duration.ofNanos(System.nanoTime() - started);
			assertThat(held).isLessThan(Duration.ofSeconds(6));
		}
	}

	@Test
	void closesAConnectionThatNeverSendsARequest() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(15_000);
			long started = System.nanoTime();
			readUntilClosed(socket.getInputStream());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
		}
	}

	/** What the server sent before it closed; fails when it held the socket open. */
	private static String readUntilClosed(InputStream in) throws IOException {
		StringBuilder received = new StringBuilder();
		try {
			for (int b = in.read(); b >= 0; b = in.read()) {
				received.append((char) b);
			}
		}
		catch (SocketException ex) {
			// a reset is a close too
		}
		return received.toString();
	}

}
