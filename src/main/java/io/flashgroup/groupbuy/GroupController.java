package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A group's routes: anyone reads it, shoppers join and leave it. */
@RestController
@RequestMapping("/api/groups/{groupId}")
class GroupController implements ApiRoutes {

	private final GroupBuyService groupBuys;

	GroupController(GroupBuyService groupBuys) {
		this.groupBuys = groupBuys;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		String base = "/api/groups/{groupId}";
		return List.of(ApiRoute.open(HttpMethod.GET, base, CampaignEndpoints.READ),
				ApiRoute.forRoles(HttpMethod.POST, 201, base + "/members", List.of("SHOPPER"), "SHOPPER", "purchase",
						GroupBuyController.SEAT),
				ApiRoute.forRoles(HttpMethod.DELETE, 200, base + "/members/me", List.of("SHOPPER"), "SHOPPER", null,
						List.of("unauthorized", "forbidden", "not-found", "already-paid", "group-closed",
								"rate-limited", "unavailable")));
	}

	@GetMapping
	Mono<Group.View> group(@PathVariable String groupId) {
		return this.groupBuys.group(groupId);
	}

	@PostMapping("/members")
	Mono<ResponseEntity<GroupBuyService.Seat>> join(@PathVariable String groupId,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		CampaignId campaignId = new CampaignId(OrderId.campaignOrNotFound(groupId, "Group"));
		return GroupBuyController.seat(this.groupBuys, campaignId, "JOIN", groupId, key, shopper);
	}

	@DeleteMapping("/members/me")
	Mono<GroupBuyService.Seat> leave(@PathVariable String groupId, Authentication shopper) {
		return this.groupBuys.leave(groupId, shopper.getName()).map(Outcome.Done::value);
	}

}
