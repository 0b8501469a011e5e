package io.flashgroup.recovery;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code recovery} in {@code /actuator/health}: DOWN while a campaign whose state Redis
 * lost could not be rebuilt (listed as {@code lostCampaigns}; alert on
 * {@code flashgroup.campaigns.lost > 0}); UP otherwise, with the campaigns rebuilt since
 * the node started. Not part of readiness: the other campaigns still serve.
 */
@Component("recovery")
class RecoveryHealthIndicator implements ReactiveHealthIndicator {

	private final CampaignRecovery recovery;

	RecoveryHealthIndicator(CampaignRecovery recovery) {
		this.recovery = recovery;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			Health.Builder health = this.recovery.lost().isEmpty() ? Health.up() : Health.down();
			return health.withDetail("lostCampaigns", this.recovery.lost())
				.withDetail("rebuiltCampaigns", this.recovery.rebuilt())
				.build();
		});
	}

}
