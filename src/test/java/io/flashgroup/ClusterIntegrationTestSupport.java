package io.flashgroup;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the {@code *ClusterIntegrationTests}: the whole server against the JVM's one
 * Redis Cluster ({@link RedisCluster}: 3 masters, 3 replicas) and its embedded
 * PostgreSQL, with everything {@link IntegrationTestSupport} offers. The cluster's nodes
 * are set after the single Redis's host and port, and a cluster wins, so every test class
 * on it shares one application context.
 */
public abstract class ClusterIntegrationTestSupport extends IntegrationTestSupport {

	@DynamicPropertySource
	static void redisCluster(DynamicPropertyRegistry registry) {
		RedisCluster.start().properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	protected RedisCluster cluster() {
		return RedisCluster.start();
	}

}
