package io.flashgroup.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A TCP relay on a free loopback port that a test can slow down: each chunk it forwards,
 * either way, waits for the delay first, as a PostgreSQL far away or overloaded would
 * look to one node only. Plain threads: it runs in the test JVM, never on an event loop.
 */
final class DelayingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private volatile Duration delay = Duration.ZERO;

	DelayingProxy(int targetPort) {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "proxy-accept-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	void delay(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void close() {
		this.delay = Duration.ZERO;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				relay(client, target);
				relay(target, client);
			}
			catch (IOException ex) {
				// the server socket closed, or the target refused this one connection
			}
		}
	}

	private void relay(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (!this.delay.isZero()) {
						Thread.sleep(this.delay);
					}
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// one side hung up
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "proxy-relay");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
