package io.flashgroup.live;

import java.util.Map;

import io.flashgroup.shared.RedisProperties;
import io.flashgroup.shared.RedisPubSub;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * Maps the live WebSocket endpoint to {@code /ws}, and chooses plain or sharded pub/sub
 * ({@code flashgroup.live.pubsub}).
 */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

	@Bean
	LiveWebSocketHandler liveWebSocketHandler(LiveHub hub, LiveMessages messages, LiveProperties properties,
			ServerClock clock, MeterRegistry meters, ReactiveJwtDecoder jwts) {
		return new LiveWebSocketHandler(hub, messages, properties, clock, meters, jwts);
	}

	/**
	 * Pub/sub for every live topic. On a cluster, {@code auto} asks the server once at
	 * startup whether it runs Redis 7 or later (blocking the starting thread, not a
	 * request). A node that cannot tell does not start: every node must pick the same
	 * channels, or watchers on one would miss what scripts run through another publish. A
	 * single Redis always uses plain channels and asks nothing, so it starts while Redis
	 * is still away.
	 */
	@Bean(destroyMethod = "close")
	RedisPubSub redisPubSub(AbstractRedisClient client, StatefulRedisPubSubConnection<String, String> connection,
			RedisClusterReactiveCommands<String, String> commands, LiveProperties properties, RedisProperties redis) {
		boolean cluster = client instanceof RedisClusterClient;
		String version = (properties.pubsub() != RedisPubSub.Mode.AUTO || !cluster) ? ""
				: commands.info("server")
					.map((info) -> info.lines()
						.filter((line) -> line.startsWith("redis_version:"))
						.map((line) -> line.substring("redis_version:".length()))
						.findFirst()
						.orElse(""))
					.block(redis.commandTimeout());
		return new RedisPubSub(client, connection, commands,
				RedisPubSub.sharded(properties.pubsub(), cluster, version));
	}

	@Bean
	HandlerMapping liveWebSocketMapping(LiveWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/ws", handler), Ordered.HIGHEST_PRECEDENCE);
	}

}
