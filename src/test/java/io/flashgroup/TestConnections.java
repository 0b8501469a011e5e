package io.flashgroup;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/**
 * The connections the tests' HTTP clients share. A keep-alive connection is not reused
 * once it sat idle for 5 s: the server closes idle ones after
 * {@code server.netty.idle-timeout} (30 s), and a client that picks one up just as the
 * server closes it gets "connection prematurely closed" before any answer (seen in CI).
 * Clients of a real deployment need the same: an idle time below the server's.
 */
public final class TestConnections {

	private static final ConnectionProvider POOL = ConnectionProvider.builder("integration-tests")
		.maxConnections(64)
		.pendingAcquireMaxCount(-1)
		.maxIdleTime(Duration.ofSeconds(5))
		.evictInBackground(Duration.ofSeconds(5))
		.build();

	private TestConnections() {
	}

	public static ReactorClientHttpConnector connector() {
		return new ReactorClientHttpConnector(HttpClient.create(POOL));
	}

}
