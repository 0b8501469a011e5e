package io.flashgroup.campaign;

import java.net.URI;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The lifecycle routes every kind has, under the path its controller maps (e.g.
 * {@code /api/group-buys}): sellers create ({@code POST}) and cancel ({@code POST
 * /{id}/cancel}), anyone reads ({@code GET /{id}}). A kind's controller extends this with
 * its type and adds its own routes.
 *
 * @param <R> the kind's create request
 * @param <D> the kind's definition
 * @param <V> the kind's view
 */
public abstract class CampaignEndpoints<R extends CampaignRequest, D extends CampaignType.Defined, V extends CampaignType.Viewed> {

	private final Campaigns campaigns;

	private final CampaignType<R, D, V> type;

	protected CampaignEndpoints(Campaigns campaigns, CampaignType<R, D, V> type) {
		this.campaigns = campaigns;
		this.type = type;
	}

	@PostMapping
	public Mono<ResponseEntity<V>> create(@Valid @RequestBody R request, Authentication seller,
			ServerHttpRequest http) {
		String path = http.getPath().pathWithinApplication().value();
		return this.campaigns.create(this.type, seller.getName(), request)
			.map((view) -> ResponseEntity.created(URI.create(path + "/" + view.id())).body(view));
	}

	@GetMapping("/{id}")
	public Mono<V> find(@PathVariable String id) {
		return this.campaigns.find(this.type, campaignId(id));
	}

	@PostMapping("/{id}/cancel")
	public Mono<V> cancel(@PathVariable String id, Authentication user) {
		return this.campaigns.cancel(this.type, campaignId(id), user);
	}

	/**
	 * The id in a path: ids that cannot exist are simply not found, never a parsing
	 * error.
	 */
	protected CampaignId campaignId(String id) {
		return CampaignId.parse(id, this.type.kind());
	}

	protected Campaigns campaigns() {
		return this.campaigns;
	}

	protected CampaignType<R, D, V> type() {
		return this.type;
	}

}
