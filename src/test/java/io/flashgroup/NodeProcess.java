package io.flashgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.blockhound.BlockHound;

import org.springframework.boot.SpringApplication;

/**
 * A server node in a child JVM, so a test can kill it for real ({@code SIGKILL}: no
 * shutdown hook, no graceful stop, nothing flushed). It runs the test classpath with the
 * dev profile against the servers the test names, on its own free port, and ends by
 * itself when its parent goes away (its stdin closes) or its lifetime is up. Its output
 * goes to {@code target/nodes/<name>.log}.
 */
public final class NodeProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private NodeProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a node with these Spring properties and waits until it is ready (its
	 * readiness probe answers {@code UP}).
	 * @param lifetime the node halts by itself after this long
	 */
	public static NodeProcess start(String name, Map<String, String> properties, Duration lifetime) {
		try {
			int port = freePort();
			Path dir = Files.createDirectories(Path.of("target", "nodes"));
			Path log = dir.resolve(name + ".log");
			// An argument file: the classpath can pass the kernel's limit on one
			// argument.
			Path arguments = Files.createTempFile(dir, name, ".args");
			Files.writeString(arguments, "-cp \"" + classpath().replace("\\", "\\\\") + "\"\n");
			List<String> command = new ArrayList<>(
					List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
							"-XX:+AllowRedefinitionToAddDeleteMethods", "-XX:+EnableDynamicAgentLoading", "-Xshare:off",
							"-Dflashgroup.node.lifetime=" + lifetime.toSeconds(), "@" + arguments.toAbsolutePath(),
							NodeProcess.class.getName()));
			properties.forEach((key, value) -> {
				if (!key.equals("server.port")) {
					command.add("--" + key + "=" + value);
				}
			});
			command.add("--server.port=" + port);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			NodeProcess node = new NodeProcess(name, process, port, log);
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			node.awaitReady();
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start node " + name, ex);
		}
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** {@code SIGKILL}: the node stops between any two instructions. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest probe = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Node " + this.name + " exited during startup:\n" + tail());
			}
			try {
				HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("UP")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			this.process.onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
		}
		kill();
		throw new IllegalStateException("Node " + this.name + " not ready within " + READY_TIMEOUT + ":\n" + tail());
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** The test JVM's own classpath (Surefire and Failsafe put it here). */
	private static String classpath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The child's entry point: the server with the dev profile (dev tokens), the test
	 * classpath's BlockHound on as in the test JVM
	 * ({@code -Dflashgroup.node.blockhound}), ending by itself after
	 * {@code -Dflashgroup.node.lifetime} seconds or, with
	 * {@code -Dflashgroup.node.parent-guard}, when its parent goes away. Scripts run it
	 * too ({@code load-tests/cluster-rush.sh}).
	 */
	public static void main(String[] args) {
		long lifetime = Long.getLong("flashgroup.node.lifetime", 600);
		if (Boolean.getBoolean("flashgroup.node.parent-guard")) {
			guardParent();
		}
		Thread timeout = new Thread(() -> {
			try {
				Thread.sleep(Duration.ofSeconds(lifetime));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(4);
		}, "lifetime");
		timeout.setDaemon(true);
		timeout.start();
		if (Boolean.getBoolean("flashgroup.node.blockhound")) {
			BlockHound.install();
		}
		SpringApplication.from(FlashgroupApplication::main).withAdditionalProfiles("dev").run(args);
	}

	/** Halts this JVM when its parent, the test JVM, is gone (its stdin closes). */
	private static void guardParent() {
		Thread guard = new Thread(() -> {
			try {
				while (System.in.read() >= 0) {
					// the parent never writes; EOF means it is gone
				}
			}
			catch (IOException ex) {
				// the same
			}
			Runtime.getRuntime().halt(3);
		}, "parent-guard");
		guard.setDaemon(true);
		guard.start();
	}

}
