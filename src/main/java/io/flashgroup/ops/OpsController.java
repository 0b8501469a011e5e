package io.flashgroup.ops;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.DeadLetters;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations API (role OPS): reconciliation of a campaign's Redis and PostgreSQL views,
 * and the replay of its dead letters once their cause is fixed.
 */
@RestController
class OpsController {

	private final CampaignAudit audit;

	private final DeadLetters deadLetters;

	OpsController(CampaignAudit audit, DeadLetters deadLetters) {
		this.audit = audit;
		this.deadLetters = deadLetters;
	}

	@GetMapping("/api/ops/campaigns/{id}/audit")
	Mono<CampaignAudit.Report> audit(@PathVariable String id) {
		return this.audit.audit(CampaignKeys.parseId(id, "Campaign"));
	}

	/**
	 * Moves the campaign's dead letters back into its outbox; one PostgreSQL still
	 * refuses is dead-lettered again.
	 */
	@PostMapping("/api/ops/campaigns/{id}/dead-letters/replay")
	Mono<Replayed> replayDeadLetters(@PathVariable String id) {
		long campaignId = CampaignKeys.parseId(id, "Campaign");
		return this.audit.campaign(campaignId)
			.then(this.deadLetters.replay(campaignId))
			.map((replayed) -> new Replayed(campaignId, replayed));
	}

	/**
	 * The answer of a replay.
	 *
	 * @param campaignId the campaign
	 * @param replayed dead letters moved back into its outbox
	 */
	record Replayed(long campaignId, long replayed) {
	}

}
