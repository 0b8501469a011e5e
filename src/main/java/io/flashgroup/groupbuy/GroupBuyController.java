package io.flashgroup.groupbuy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.order.OrderId;
import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The group-buy API: sellers create and cancel, anyone reads campaigns and groups,
 * shoppers open, join, auto-join and leave groups. Seats are paid through the order
 * payment endpoint.
 */
@RestController
class GroupBuyController {

	private final Campaigns campaigns;

	private final GroupBuyType type;

	private final GroupBuyService groupBuys;

	GroupBuyController(Campaigns campaigns, GroupBuyType type, GroupBuyService groupBuys) {
		this.campaigns = campaigns;
		this.type = type;
		this.groupBuys = groupBuys;
	}

	@PostMapping("/api/group-buys")
	Mono<ResponseEntity<GroupBuyView>> create(@Valid @RequestBody CreateGroupBuy request, Authentication seller) {
		return this.campaigns.create(this.type, seller.getName(), request)
			.map((buy) -> ResponseEntity.created(URI.create("/api/group-buys/" + buy.id())).body(buy));
	}

	@GetMapping("/api/group-buys/{id}")
	Mono<GroupBuyView> groupBuy(@PathVariable String id) {
		return this.campaigns.find(this.type, campaignId(id));
	}

	@PostMapping("/api/group-buys/{id}/cancel")
	Mono<GroupBuyView> cancel(@PathVariable String id, Authentication user) {
		return this.campaigns.cancel(this.type, campaignId(id), user);
	}

	@GetMapping("/api/group-buys/{id}/groups")
	Mono<List<Group.View>> groups(@PathVariable String id, @RequestParam(defaultValue = "OPEN") String status) {
		String wanted = status.toUpperCase(java.util.Locale.ROOT);
		if (!GroupBuyService.GROUP_STATUSES.contains(wanted)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Unknown status",
					Map.of("errors", Map.of("status", "must be one of " + GroupBuyService.GROUP_STATUSES)));
		}
		return this.groupBuys.groups(campaignId(id), wanted).collectList();
	}

	@GetMapping("/api/groups/{groupId}")
	Mono<Group.View> group(@PathVariable String groupId) {
		return this.groupBuys.group(groupId);
	}

	@PostMapping("/api/group-buys/{id}/groups")
	Mono<ResponseEntity<GroupBuyService.Seat>> open(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		return seat(campaignId(id), "OPEN", "", key, shopper);
	}

	@PostMapping("/api/group-buys/{id}/join")
	Mono<ResponseEntity<GroupBuyService.Seat>> autoJoin(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		return seat(campaignId(id), "AUTO", "", key, shopper);
	}

	@PostMapping("/api/groups/{groupId}/members")
	Mono<ResponseEntity<GroupBuyService.Seat>> join(@PathVariable String groupId,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		return seat(new CampaignId(OrderId.campaignOrNotFound(groupId, "Group")), "JOIN", groupId, key, shopper);
	}

	@DeleteMapping("/api/groups/{groupId}/members/me")
	Mono<GroupBuyService.Seat> leave(@PathVariable String groupId, Authentication shopper) {
		return this.groupBuys.leave(groupId, shopper.getName()).map(Outcome.Done::value);
	}

	private Mono<ResponseEntity<GroupBuyService.Seat>> seat(CampaignId campaignId, String mode, String groupId,
			@Nullable String key, Authentication shopper) {
		String idempotencyKey = IdempotencyKeys.require(key);
		return this.groupBuys
			.seat(campaignId, mode, groupId, shopper.getName(), DisplayNames.of(shopper), idempotencyKey)
			.map((seat) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + seat.value().order().id()))
				.header("Idempotent-Replayed", Boolean.toString(seat.replayed()))
				.body(seat.value()));
	}

	private static CampaignId campaignId(String id) {
		return CampaignId.parse(id, GroupBuyType.KIND);
	}

}
