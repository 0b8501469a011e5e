package io.flashgroup.live;

import java.util.Map;

import io.flashgroup.shared.ServerClock;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** Maps the live WebSocket endpoint to {@code /ws}. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

	@Bean
	LiveWebSocketHandler liveWebSocketHandler(LiveHub hub, LiveMessages messages, LiveProperties properties,
			ServerClock clock, MeterRegistry meters, ReactiveJwtDecoder jwts) {
		return new LiveWebSocketHandler(hub, messages, properties, clock, meters, jwts);
	}

	@Bean
	HandlerMapping liveWebSocketMapping(LiveWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/ws", handler), Ordered.HIGHEST_PRECEDENCE);
	}

}
