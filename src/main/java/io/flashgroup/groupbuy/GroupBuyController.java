package io.flashgroup.groupbuy;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignReads;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The group-buy API: the lifecycle routes ({@link CampaignEndpoints}), the groups of a
 * campaign, and opening or auto-joining a group. A group's own routes are
 * {@link GroupController}'s; seats are paid through the order payment endpoint.
 */
@RestController
@RequestMapping("/api/group-buys")
class GroupBuyController extends CampaignEndpoints<CreateGroupBuy, GroupBuy, GroupBuyView> {

	private final GroupBuyService groupBuys;

	GroupBuyController(Campaigns campaigns, CampaignReads reads, GroupBuyType type, GroupBuyService groupBuys) {
		super(campaigns, reads, type);
		this.groupBuys = groupBuys;
	}

	/** What taking a seat may answer. */
	static final List<String> SEAT = List.of("idempotency-key-required", "unauthorized", "forbidden", "not-found",
			"sold-out", "limit-reached", "not-started", "ended", "cancelled", "group-full", "group-closed",
			"already-member", "idempotency-key-reused", "rate-limited", "unavailable", "idempotency-key-invalid");

	@Override
	protected List<ApiRoute> kindRoutes(String base) {
		return List.of(
				ApiRoute.open(HttpMethod.GET, base + "/{id}/groups", List.of("validation", "not-found", "unavailable")),
				ApiRoute.forRoles(HttpMethod.POST, 201, base + "/{id}/groups", List.of("SHOPPER"), "SHOPPER",
						"purchase", SEAT),
				ApiRoute.forRoles(HttpMethod.POST, 201, base + "/{id}/join", List.of("SHOPPER"), "SHOPPER", "purchase",
						SEAT));
	}

	/** The view, written from the node's held bytes ({@link CampaignEndpoints#find}). */
	@Override
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = GroupBuyView.class)))
	public Mono<ResponseEntity<DataBuffer>> find(@PathVariable String id) {
		return super.find(id);
	}

	@GetMapping("/{id}/groups")
	Mono<List<Group.View>> groups(@PathVariable String id, @RequestParam(defaultValue = "OPEN") String status) {
		String wanted = status.toUpperCase(Locale.ROOT);
		if (!GroupBuyService.GROUP_STATUSES.contains(wanted)) {
			throw ProblemException.invalidField("status", "must be one of " + GroupBuyService.GROUP_STATUSES);
		}
		return this.groupBuys.groups(campaignId(id), wanted).collectList();
	}

	@PostMapping("/{id}/groups")
	Mono<ResponseEntity<GroupBuyService.Seat>> open(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		return seat(this.groupBuys, campaignId(id), "OPEN", "", key, shopper);
	}

	@PostMapping("/{id}/join")
	Mono<ResponseEntity<GroupBuyService.Seat>> autoJoin(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		return seat(this.groupBuys, campaignId(id), "AUTO", "", key, shopper);
	}

	/** Takes a seat and answers 201 with the seat's order and group. */
	static Mono<ResponseEntity<GroupBuyService.Seat>> seat(GroupBuyService groupBuys, CampaignId campaignId,
			String mode, String groupId, @Nullable String key, Authentication shopper) {
		String idempotencyKey = IdempotencyKeys.require(key);
		return groupBuys.seat(campaignId, mode, groupId, shopper.getName(), DisplayNames.of(shopper), idempotencyKey)
			.map(GroupBuyController::created);
	}

	private static ResponseEntity<GroupBuyService.Seat> created(Outcome.Done<GroupBuyService.Seat> seat) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/orders/" + seat.value().order().id()))
			.header("Idempotent-Replayed", Boolean.toString(seat.replayed()))
			.body(seat.value());
	}

}
