package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.live.HeldViews;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
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

	private final GroupReads reads;

	GroupController(GroupBuyService groupBuys, GroupReads reads) {
		this.groupBuys = groupBuys;
		this.reads = reads;
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

	/** The group's view ({@link Group.View}), from the node's held copy while current. */
	@GetMapping
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Group.View.class)))
	Mono<ResponseEntity<DataBuffer>> group(@PathVariable String groupId) {
		return this.reads.read(groupId).map(HeldViews::ok);
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
