package io.flashgroup.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.EmbeddedServices;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.NodeProcess;
import io.flashgroup.RedisCluster;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two server nodes on one Redis Cluster and the shared PostgreSQL: node B is this test's
 * Spring context, node A a child JVM ({@link NodeProcess}) that a test can SIGKILL. Node
 * A reaches PostgreSQL through a {@link FreezableProxy}, so a test can make its flusher
 * hang on its batch (entries read, never acknowledged) before killing it. Both nodes run
 * with the same settings; an outbox entry a node leaves unacknowledged is taken over by
 * the other after {@link #CLAIM_IDLE}.
 */
abstract class TwoNodesSupport extends IntegrationTestSupport {

	/**
	 * Long enough that node B does not take node A's stuck batch before the test kills A.
	 */
	static final Duration CLAIM_IDLE = Duration.ofSeconds(3);

	private static NodeProcess nodeA;

	private static FreezableProxy postgresOfA;

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		redisProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("flashgroup.outbox.claim-idle", CLAIM_IDLE::toString);
	}

	/** Where both nodes find Redis: the test cluster. */
	static Map<String, String> redisProperties() {
		return RedisCluster.start().properties();
	}

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

	/** Node A's PostgreSQL connection, to freeze. */
	static FreezableProxy postgresOfA() {
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
		properties.putAll(redisProperties());
		properties.put("flashgroup.outbox.claim-idle", CLAIM_IDLE.toString());
		String r2dbc = properties.get("spring.r2dbc.url");
		int portAt = r2dbc.lastIndexOf(':') + 1;
		int postgresPort = Integer.parseInt(r2dbc.substring(portAt, r2dbc.indexOf('/', portAt)));
		if (postgresOfA != null) {
			postgresOfA.close();
		}
		postgresOfA = new FreezableProxy(postgresPort);
		properties.put("spring.r2dbc.url", r2dbc.substring(0, portAt) + postgresOfA.port() + "/postgres");
		return properties;
	}

	/** Node B: this JVM's server. */
	int nodeB() {
		return this.port;
	}

	/** A client of the node on {@code port}. */
	static WebTestClient clientOf(int port) {
		return WebTestClient.bindToServer()
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
