package io.flashgroup.ops;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code r2dbc} in {@code /actuator/health}: Spring Boot's PostgreSQL check, bounded. A
 * PostgreSQL that is frozen rather than down (a stalled host, a full disk) accepts
 * connections and never answers, so the unbounded check held {@code /actuator/health}
 * until the caller gave up; now it answers DOWN after {@value #TIMEOUT_MS} ms. The bean
 * name replaces the auto-configured indicator.
 */
@Component("r2dbcHealthIndicator")
class PostgresHealthIndicator implements ReactiveHealthIndicator {

	static final long TIMEOUT_MS = 2_000;

	private final ConnectionFactoryHealthIndicator check;

	PostgresHealthIndicator(ConnectionFactory connections) {
		this.check = new ConnectionFactoryHealthIndicator(connections);
	}

	@Override
	public Mono<Health> health() {
		return this.check.health()
			.timeout(Duration.ofMillis(TIMEOUT_MS),
					Mono.fromSupplier(() -> Health.down()
						.withDetail("error", "PostgreSQL did not answer within " + TIMEOUT_MS + " ms")
						.build()));
	}

}
