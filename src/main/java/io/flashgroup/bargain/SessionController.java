package io.flashgroup.bargain;

import java.net.URI;
import java.util.List;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.live.HeldViews;
import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bargain session's routes: anyone reads it, friends cut, its owner buys (paid through
 * the order payment endpoint).
 */
@RestController
@RequestMapping("/api/bargain-sessions/{sessionId}")
class SessionController implements ApiRoutes {

	private final BargainService bargains;

	private final SessionReads reads;

	SessionController(BargainService bargains, SessionReads reads) {
		this.bargains = bargains;
		this.reads = reads;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		String base = "/api/bargain-sessions/{sessionId}";
		return List.of(ApiRoute.open(HttpMethod.GET, base, CampaignEndpoints.READ),
				ApiRoute.forRoles(HttpMethod.POST, 201, base + "/cuts", List.of("SHOPPER"), "SHOPPER, not the owner",
						"session",
						List.of("unauthorized", "forbidden", "not-found", "sold-out", "self-help", "already-helped",
								"help-limit-reached", "session-closed", "rate-limited", "unavailable")),
				ApiRoute.forRoles(HttpMethod.POST, 201, base + "/purchase", List.of("SHOPPER"), "the session's owner",
						"purchase", List.of("unauthorized", "forbidden", "not-found", "sold-out", "limit-reached",
								"session-closed", "not-started", "ended", "cancelled", "rate-limited", "unavailable")));
	}

	/**
	 * The session's view ({@link Session.View}), from the node's held copy while current.
	 */
	@GetMapping
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Session.View.class)))
	Mono<ResponseEntity<DataBuffer>> session(@PathVariable String sessionId) {
		return this.reads.read(sessionId).map(HeldViews::ok);
	}

	@PostMapping("/cuts")
	Mono<ResponseEntity<BargainService.CutResult>> cut(@PathVariable String sessionId, Authentication helper) {
		return this.bargains.cut(sessionId, helper.getName(), DisplayNames.of(helper))
			.map((cut) -> ResponseEntity.status(HttpStatus.CREATED).body(cut));
	}

	@PostMapping("/purchase")
	Mono<ResponseEntity<BargainService.Purchase>> purchase(@PathVariable String sessionId, Authentication owner) {
		return this.bargains.purchase(sessionId, owner.getName())
			.map((purchase) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + purchase.value().order().id()))
				.header("Idempotent-Replayed", Boolean.toString(purchase.replayed()))
				.body(purchase.value()));
	}

}
