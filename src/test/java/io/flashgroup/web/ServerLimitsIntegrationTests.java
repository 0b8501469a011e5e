package io.flashgroup.web;

import java.time.Duration;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every run bounds what a client may hold: idle connections and half-sent request heads
 * ({@link IdleConnectionIntegrationTests} shows the timeout at work), trickled request
 * heads ({@link RequestHeadTimeoutIntegrationTests}), the request line, the headers and
 * the body. No bound used to be set for idle connections.
 */
class ServerLimitsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private Environment environment;

	@Test
	void boundsIdleConnectionsRequestHeadsAndBodiesByDefault() {
		assertThat(this.environment.getProperty("server.netty.idle-timeout", Duration.class)).isNotNull()
			.isLessThanOrEqualTo(Duration.ofSeconds(60));
		assertThat(this.environment.getProperty("flashgroup.server.request-head-timeout", Duration.class))
			.isEqualTo(Duration.ofSeconds(10));
		assertThat(this.environment.getProperty("server.netty.max-initial-line-length", DataSize.class))
			.isEqualTo(DataSize.ofKilobytes(4));
		assertThat(this.environment.getProperty("server.max-http-request-header-size", DataSize.class))
			.isEqualTo(DataSize.ofKilobytes(8));
		assertThat(this.environment.getProperty("spring.codec.max-in-memory-size", DataSize.class))
			.isEqualTo(DataSize.ofKilobytes(256));
	}

}
