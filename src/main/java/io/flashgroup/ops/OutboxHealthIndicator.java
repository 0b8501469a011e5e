package io.flashgroup.ops;

import io.flashgroup.order.OutboxMonitor;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports how far PostgreSQL is behind the outbox. A backlog keeps the node UP: accepted
 * orders are safe in Redis and a restart would not help, so the lag is shown as details
 * for alerting.
 */
@Component("outbox")
class OutboxHealthIndicator implements ReactiveHealthIndicator {

	private final OutboxMonitor monitor;

	OutboxHealthIndicator(OutboxMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Mono<Health> health() {
		return this.monitor.measure()
			.map((lag) -> Health.up()
				.withDetail("entries", lag.entries())
				.withDetail("oldestAgeMillis", lag.oldestAgeMillis())
				.build())
			// Redis unreachable: DOWN with the reason, not an error that hides the other
			// components.
			.onErrorResume((ex) -> Mono.just(Health.down(ex).build()));
	}

}
