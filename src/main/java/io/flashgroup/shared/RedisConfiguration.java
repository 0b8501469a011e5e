package io.flashgroup.shared;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
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
 * Redis. One multiplexed connection carries all commands (Lettuce pipelines concurrent
 * calls); pub/sub has its own.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedisClient flashgroupRedisClient(DataRedisProperties properties, RedisProperties redis) {
		RedisClient client = RedisClient.create(redisUri(properties, redis.commandTimeout()));
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			// Fail fast while disconnected instead of queueing requests without bound.
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(redis.commandTimeout()))
			.build());
		return client;
	}

	@Bean(destroyMethod = "close")
	@Primary
	StatefulRedisConnection<String, String> flashgroupRedisConnection(RedisClient client) {
		return client.connect();
	}

	@Bean
	RedisClusterReactiveCommands<String, String> flashgroupRedisCommands(
			StatefulRedisConnection<String, String> connection) {
		return connection.reactive();
	}

	@Bean(destroyMethod = "close")
	StatefulRedisPubSubConnection<String, String> flashgroupPubSubConnection(RedisClient client) {
		return client.connectPubSub();
	}

	private static RedisURI redisUri(DataRedisProperties properties, Duration timeout) {
		RedisURI uri = StringUtils.hasText(properties.getUrl()) ? RedisURI.create(properties.getUrl())
				: RedisURI.create(properties.getHost(), properties.getPort());
		if (!StringUtils.hasText(properties.getUrl())) {
			uri.setDatabase(properties.getDatabase());
			if (StringUtils.hasText(properties.getPassword())) {
				if (StringUtils.hasText(properties.getUsername())) {
					uri.setAuthentication(properties.getUsername(), properties.getPassword().toCharArray());
				}
				else {
					uri.setAuthentication(properties.getPassword().toCharArray());
				}
			}
		}
		uri.setTimeout(timeout);
		return uri;
	}

}
