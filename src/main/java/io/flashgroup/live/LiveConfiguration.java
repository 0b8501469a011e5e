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
	 * Pub/sub for every live topic. {@code auto} asks the server once at startup whether
	 * it is a cluster of Redis 7 or later (blocking the starting thread, not a request).
	 */
	@Bean(destroyMethod = "close")
	RedisPubSub redisPubSub(AbstractRedisClient client, StatefulRedisPubSubConnection<String, String> connection,
			RedisClusterReactiveCommands<String, String> commands, LiveProperties properties, RedisProperties redis) {
		boolean cluster = client instanceof RedisClusterClient;
		String version = (properties.pubsub() != RedisPubSub.Mode.AUTO) ? ""
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
