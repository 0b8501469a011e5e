package io.flashgroup.bargain;

import java.net.URI;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.security.DisplayNames;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bargain API: sellers create and cancel, shoppers start sessions and buy, friends
 * cut, anyone reads. Purchases are paid through the order payment endpoint.
 */
@RestController
class BargainController {

	private final Campaigns campaigns;

	private final BargainType type;

	private final BargainService bargains;

	BargainController(Campaigns campaigns, BargainType type, BargainService bargains) {
		this.campaigns = campaigns;
		this.type = type;
		this.bargains = bargains;
	}

	@PostMapping("/api/bargains")
	Mono<ResponseEntity<BargainView>> create(@Valid @RequestBody CreateBargain request, Authentication seller) {
		return this.campaigns.create(this.type, seller.getName(), request)
			.map((bargain) -> ResponseEntity.created(URI.create("/api/bargains/" + bargain.id())).body(bargain));
	}

	@GetMapping("/api/bargains/{id}")
	Mono<BargainView> bargain(@PathVariable String id) {
		return this.campaigns.find(this.type, CampaignId.parse(id, BargainType.KIND));
	}

	@PostMapping("/api/bargains/{id}/cancel")
	Mono<BargainView> cancel(@PathVariable String id, Authentication user) {
		return this.campaigns.cancel(this.type, CampaignId.parse(id, BargainType.KIND), user);
	}

	@PostMapping("/api/bargains/{id}/sessions")
	Mono<ResponseEntity<Session.View>> start(@PathVariable String id, Authentication shopper) {
		return this.bargains.start(CampaignId.parse(id, BargainType.KIND), shopper.getName(), DisplayNames.of(shopper))
			.map((session) -> ResponseEntity.created(URI.create("/api/bargain-sessions/" + session.id()))
				.body(session));
	}

	@GetMapping("/api/bargain-sessions/{sessionId}")
	Mono<Session.View> session(@PathVariable String sessionId) {
		return this.bargains.session(sessionId);
	}

	@PostMapping("/api/bargain-sessions/{sessionId}/cuts")
	Mono<ResponseEntity<BargainService.CutResult>> cut(@PathVariable String sessionId, Authentication helper) {
		return this.bargains.cut(sessionId, helper.getName(), DisplayNames.of(helper))
			.map((cut) -> ResponseEntity.status(HttpStatus.CREATED).body(cut));
	}

	@PostMapping("/api/bargain-sessions/{sessionId}/purchase")
	Mono<ResponseEntity<BargainService.Purchase>> purchase(@PathVariable String sessionId, Authentication owner) {
		return this.bargains.purchase(sessionId, owner.getName())
			.map((purchase) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + purchase.value().order().id()))
				.header("Idempotent-Replayed", Boolean.toString(purchase.replayed()))
				.body(purchase.value()));
	}

}
