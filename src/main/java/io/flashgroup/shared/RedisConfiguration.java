package io.flashgroup.shared;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.util.StringUtils;

/**
 * Lettuce connections used on the hot path. They reuse the standard
 * {@code spring.data.redis.*} settings, so there is one place to point the server at
 * Redis: with {@code spring.data.redis.cluster.nodes} set, a Redis Cluster (Lettuce
 * follows {@code MOVED}/{@code ASK} and refreshes the topology), else one Redis. One
 * multiplexed connection carries all commands (Lettuce pipelines concurrent calls);
 * pub/sub has its own. The beans keep their types either way: the commands are
 * {@link RedisClusterReactiveCommands}, which a single-Redis connection implements too.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	AbstractRedisClient flashgroupRedisClient(DataRedisProperties properties, RedisProperties redis) {
		List<String> nodes = (properties.getCluster() != null) ? properties.getCluster().getNodes() : null;
		if (nodes != null && !nodes.isEmpty()) {
			return clusterClient(nodes, properties, redis);
		}
		RedisClient client = RedisClient.create(redisUri(properties, redis.commandTimeout()));
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			// Fail fast while disconnected instead of queueing requests without bound.
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(redis.commandTimeout()))
			.build());
		return client;
	}

	private static RedisClusterClient clusterClient(List<String> nodes, DataRedisProperties properties,
			RedisProperties redis) {
		RedisClusterClient client = RedisClusterClient
			.create(nodes.stream().map((node) -> clusterNodeUri(node, properties, redis.commandTimeout())).toList());
		Integer maxRedirects = properties.getCluster().getMaxRedirects();
		// Adaptive triggers (MOVED, ASK, persistent reconnects, unknown nodes, ...): a
		// failover is seen at the first redirect, not at the next period.
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.enablePeriodicRefresh(redis.topologyRefreshPeriod())
			.dynamicRefreshSources(true)
			.build();
		client.setOptions(ClusterClientOptions.builder()
			.maxRedirects((maxRedirects != null) ? maxRedirects : ClusterClientOptions.DEFAULT_MAX_REDIRECTS)
			.topologyRefreshOptions(refresh)
			.autoReconnect(true)
			// Fail fast while disconnected instead of queueing requests without bound.
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(redis.commandTimeout()))
			.build());
		return client;
	}

	@Bean(destroyMethod = "close")
	@Primary
	StatefulConnection<String, String> flashgroupRedisConnection(AbstractRedisClient client) {
		return (client instanceof RedisClusterClient cluster) ? cluster.connect() : ((RedisClient) client).connect();
	}

	@Bean
	RedisClusterReactiveCommands<String, String> flashgroupRedisCommands(
			StatefulConnection<String, String> connection) {
		return (connection instanceof StatefulRedisClusterConnection<String, String> cluster) ? cluster.reactive()
				: ((StatefulRedisConnection<String, String>) connection).reactive();
	}

	@Bean(destroyMethod = "close")
	StatefulRedisPubSubConnection<String, String> flashgroupPubSubConnection(AbstractRedisClient client) {
		if (client instanceof RedisClusterClient cluster) {
			var connection = cluster.connectPubSub();
			// Shard channels are subscribed on the connection to their slot's owner:
			// their messages arrive there and must reach the listeners of this one.
			connection.setNodeMessagePropagation(true);
			return connection;
		}
		return ((RedisClient) client).connectPubSub();
	}

	private static RedisURI redisUri(DataRedisProperties properties, Duration timeout) {
		RedisURI uri = StringUtils.hasText(properties.getUrl()) ? RedisURI.create(properties.getUrl())
				: RedisURI.create(properties.getHost(), properties.getPort());
		if (!StringUtils.hasText(properties.getUrl())) {
			uri.setDatabase(properties.getDatabase());
			authenticate(uri, properties);
		}
		uri.setTimeout(timeout);
		return uri;
	}

	/** A seed node ({@code host:port}) with the same credentials and timeout. */
	private static RedisURI clusterNodeUri(String node, DataRedisProperties properties, Duration timeout) {
		int colon = node.lastIndexOf(':');
		RedisURI uri = RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
		uri.setSsl(properties.getSsl().isEnabled());
		authenticate(uri, properties);
		uri.setTimeout(timeout);
		return uri;
	}

	private static void authenticate(RedisURI uri, DataRedisProperties properties) {
		if (StringUtils.hasText(properties.getPassword())) {
			if (StringUtils.hasText(properties.getUsername())) {
				uri.setAuthentication(properties.getUsername(), properties.getPassword().toCharArray());
			}
			else {
				uri.setAuthentication(properties.getPassword().toCharArray());
			}
		}
	}

}
