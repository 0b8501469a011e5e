package io.flashgroup;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Real PostgreSQL (zonky) and Redis servers on free loopback ports, started once per JVM
 * and shared by every test and by the dev run. Redis is a {@code redis-server} >= 7 from
 * the PATH when there is one, else the binary bundled with embedded-redis (6.2).
 */
public final class EmbeddedServices {

	private static EmbeddedServices instance;

	private final int redisPort;

	private final int postgresPort;

	private final String redisVersion;

	private EmbeddedServices(int redisPort, int postgresPort, String redisVersion) {
		this.redisPort = redisPort;
		this.postgresPort = postgresPort;
		this.redisVersion = redisVersion;
	}

	public static synchronized EmbeddedServices start() {
		if (instance == null) {
			try {
				EmbeddedPostgres postgres = EmbeddedPostgres.builder()
					.setServerConfig("listen_addresses", "127.0.0.1")
					.setServerConfig("max_connections", "200")
					.setServerConfig("fsync", "off")
					.start();
				int redisPort = freePort();
				File redisBinary = redisOnPath();
				RedisServer redis = RedisServer.newRedisServer()
					.executableProvider(
							(redisBinary != null) ? () -> redisBinary : ExecutableProvider.newJarResourceProvider())
					.port(redisPort)
					.bind("127.0.0.1")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				redis.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(redis)));
				instance = new EmbeddedServices(redisPort, postgres.getPort(),
						(redisBinary != null) ? redisBinary.toString() : "bundled 6.2");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded Redis and PostgreSQL", ex);
			}
		}
		return instance;
	}

	/** Spring properties that point the application at these servers. */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(this.redisPort));
		properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + this.postgresPort + "/postgres");
		properties.put("spring.r2dbc.username", "postgres");
		properties.put("spring.r2dbc.password", "");
		properties.put("spring.flyway.url", "jdbc:postgresql://127.0.0.1:" + this.postgresPort + "/postgres");
		properties.put("spring.flyway.user", "postgres");
		properties.put("spring.flyway.password", "");
		return properties;
	}

	public int redisPort() {
		return this.redisPort;
	}

	public String redisVersion() {
		return this.redisVersion;
	}

	private static void stopQuietly(RedisServer redis) {
		try {
			redis.stop();
		}
		catch (IOException ex) {
			// the JVM is exiting; the process dies with it
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** A redis-server >= 7 on the PATH, or null. */
	static File redisOnPath() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute() && majorVersion(candidate) >= 7) {
				return candidate;
			}
		}
		return null;
	}

	static int majorVersion(File redisServer) {
		try {
			Process process = new ProcessBuilder(redisServer.getPath(), "--version").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			int at = out.indexOf("v=");
			return (at < 0) ? 0 : Integer.parseInt(out.substring(at + 2, out.indexOf('.', at)));
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
