package io.flashgroup.ops;

import io.flashgroup.campaign.CampaignKeys;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations API (role OPS): reconciliation of a campaign's Redis and PostgreSQL views.
 */
@RestController
class OpsController {

	private final CampaignAudit audit;

	OpsController(CampaignAudit audit) {
		this.audit = audit;
	}

	@GetMapping("/api/ops/campaigns/{id}/audit")
	Mono<CampaignAudit.Report> audit(@PathVariable String id) {
		return this.audit.audit(CampaignKeys.parseId(id, "Campaign"));
	}

}
