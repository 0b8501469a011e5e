package io.flashgroup.ops;

import io.flashgroup.order.OutboxMonitor;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports how far PostgreSQL is behind the outbox. A backlog keeps the node UP: accepted
 * orders are safe in Redis and a restart would not help, so the lag is shown as details
 * for alerting. Dead letters (records PostgreSQL refused) keep it UP too, with their
 * count and campaigns as details: the fault is in one record, which a restart or taking
 * the node (every node reports the same) out of the balancer cannot fix; alert on
 * {@code flashgroup.outbox.dead.entries > 0}, fix, then replay.
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
				.withDetail("deadLetters", lag.deadLetters())
				.withDetail("deadLetterCampaigns", lag.deadLetterCampaigns())
				.build())
			// Redis unreachable: DOWN with the reason, not an error that hides the other
			// components.
			.onErrorResume((ex) -> Mono.just(Health.down(ex).build()));
	}

}
