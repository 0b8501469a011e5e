package io.flashgroup.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay on a free loopback port that a test can freeze: while frozen it reads but
 * forwards nothing, as a PostgreSQL that stopped answering would look to one node only.
 * Plain threads: it runs in the test JVM, never on an event loop.
 */
final class FreezableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Object gate = new Object();

	private volatile boolean frozen;

	FreezableProxy(int targetPort) {
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

	void freeze() {
		this.frozen = true;
	}

	void thaw() {
		synchronized (this.gate) {
			this.frozen = false;
			this.gate.notifyAll();
		}
	}

	@Override
	public void close() {
		thaw();
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
					awaitThawed();
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

	private void awaitThawed() throws InterruptedException {
		synchronized (this.gate) {
			while (this.frozen) {
				this.gate.wait();
			}
		}
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
