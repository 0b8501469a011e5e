package io.flashgroup.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.ClusterIntegrationTestSupport;
import io.flashgroup.EmbeddedServices;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.NodeProcess;
import io.flashgroup.RedisCluster;
import io.flashgroup.TestConnections;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two server nodes on one Redis Cluster and the shared PostgreSQL: node B is this test's
 * Spring context (the cluster group's shared one), node A a child JVM
 * ({@link NodeProcess}) with the same settings that a test can SIGKILL. Node A reaches
 * PostgreSQL through a {@link DelayingProxy}, so a test can make each of its flusher's
 * batches wait (entries read, not yet acknowledged) long enough to kill it then; node B
 * takes such entries over once idle for {@code flashgroup.outbox.claim-idle} (1 s in
 * tests).
 */
abstract class TwoNodesSupport extends ClusterIntegrationTestSupport {

	private static NodeProcess nodeA;

	private static DelayingProxy postgresOfA;

	/**
	 * Node A, started (again, after a kill) when needed. It is shared by every class of
	 * the group (one JVM start) and ends with the test JVM (its stdin closes) or after
	 * its lifetime.
	 */
	static synchronized NodeProcess nodeA() {
		if (nodeA == null || !nodeA.isAlive()) {
			nodeA = NodeProcess.start("node-a-" + System.currentTimeMillis(), nodeAProperties(),
					Duration.ofMinutes(10));
		}
		return nodeA;
	}

	/** Node A's PostgreSQL connection, to slow down. */
	static DelayingProxy postgresOfA() {
		nodeA();
		return postgresOfA;
	}

	private static Map<String, String> nodeAProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String property : IntegrationTestSupport.class.getAnnotation(SpringBootTest.class).properties()) {
			int at = property.indexOf('=');
			properties.put(property.substring(0, at), property.substring(at + 1));
		}
		properties.putAll(EmbeddedServices.start().properties());
		properties.putAll(RedisCluster.start().properties());
		String r2dbc = properties.get("spring.r2dbc.url");
		int portAt = r2dbc.lastIndexOf(':') + 1;
		int postgresPort = Integer.parseInt(r2dbc.substring(portAt, r2dbc.indexOf('/', portAt)));
		if (postgresOfA != null) {
			postgresOfA.close();
		}
		postgresOfA = new DelayingProxy(postgresPort);
		properties.put("spring.r2dbc.url", r2dbc.substring(0, portAt) + postgresOfA.port() + "/postgres");
		return properties;
	}

	/** Node B: this JVM's server. */
	int nodeB() {
		return this.port;
	}

	/** A client of the node on {@code port}. */
	static WebTestClient clientOf(int port) {
		return WebTestClient.bindToServer(TestConnections.connector())
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** The shopper and Idempotency-Key a reply answers. */
	static String keyOf(Purchases.Reply reply) {
		return reply.purchase().user() + "/" + reply.purchase().key();
	}

	/** A shopper's token, minted by node B (both nodes share the signing key). */
	List<String> shopperTokens(String prefix, int count) {
		List<String> tokens = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			tokens.add(token(prefix + i, "SHOPPER"));
		}
		return tokens;
	}

	/**
	 * Distinct (user, Idempotency-Key) pairs PostgreSQL holds more than one order for.
	 */
	long duplicateKeysInPostgres(long campaignId) {
		Long count = this.db
			.sql("SELECT count(*) AS n FROM (SELECT 1 FROM orders WHERE campaign_id = $1 "
					+ "GROUP BY user_id, idempotency_key HAVING count(*) > 1) d")
			.bind(0, campaignId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (count != null) ? count : 0;
	}

	/** Units of the campaign's orders in PostgreSQL that hold stock. */
	long heldUnitsInPostgres(long campaignId) {
		Long units = this.db
			.sql("SELECT coalesce(sum(quantity), 0) AS n FROM orders WHERE campaign_id = $1 "
					+ "AND status IN ('RESERVED', 'PAID', 'SETTLED')")
			.bind(0, campaignId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (units != null) ? units : 0;
	}

}
