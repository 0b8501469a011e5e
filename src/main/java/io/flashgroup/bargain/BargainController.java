package io.flashgroup.bargain;

import java.net.URI;
import java.util.List;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.campaign.CampaignReads;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bargain API: the lifecycle routes ({@link CampaignEndpoints}) and starting a
 * session; a session's own routes are {@link SessionController}'s.
 */
@RestController
@RequestMapping("/api/bargains")
class BargainController extends CampaignEndpoints<CreateBargain, Bargain, BargainView> {

	private final BargainService bargains;

	BargainController(Campaigns campaigns, CampaignReads reads, BargainType type, BargainService bargains) {
		super(campaigns, reads, type);
		this.bargains = bargains;
	}

	@Override
	protected List<ApiRoute> kindRoutes(String base) {
		return List.of(ApiRoute.forRoles(HttpMethod.POST, 201, base + "/{id}/sessions", List.of("SHOPPER"), "SHOPPER",
				"session", List.of("unauthorized", "forbidden", "not-found", "session-exists", "limit-reached",
						"not-started", "ended", "cancelled", "sold-out", "rate-limited", "unavailable")));
	}

	/** The view, written from the node's held bytes ({@link CampaignEndpoints#find}). */
	@Override
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BargainView.class)))
	public Mono<ResponseEntity<DataBuffer>> find(@PathVariable String id) {
		return super.find(id);
	}

	@PostMapping("/{id}/sessions")
	Mono<ResponseEntity<Session.View>> start(@PathVariable String id, Authentication shopper) {
		return this.bargains.start(campaignId(id), shopper.getName(), DisplayNames.of(shopper))
			.map((session) -> ResponseEntity.created(URI.create("/api/bargain-sessions/" + session.id()))
				.body(session));
	}

}
