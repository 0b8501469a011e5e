package io.flashgroup.campaign;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.flashgroup.live.HeldViews;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

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
public abstract class CampaignEndpoints<R extends CampaignRequest, D extends CampaignType.Defined, V extends CampaignType.Viewed>
		implements ApiRoutes {

	private static final List<String> CREATE = List.of("validation", "malformed-request", "unauthorized", "forbidden",
			"rate-limited", "unavailable");

	private static final List<String> CANCEL = List.of("unauthorized", "forbidden", "not-found", "rate-limited",
			"unavailable");

	/** What a read of a campaign or one of its records may answer. */
	public static final List<String> READ = List.of("not-found", "unavailable");

	private final Campaigns campaigns;

	private final CampaignReads reads;

	private final CampaignType<R, D, V> type;

	protected CampaignEndpoints(Campaigns campaigns, CampaignReads reads, CampaignType<R, D, V> type) {
		this.campaigns = campaigns;
		this.reads = reads;
		this.type = type;
	}

	@PostMapping
	public Mono<ResponseEntity<V>> create(@Valid @RequestBody R request, Authentication seller,
			ServerHttpRequest http) {
		String path = http.getPath().pathWithinApplication().value();
		return this.campaigns.create(this.type, seller.getName(), request)
			.map((view) -> ResponseEntity.created(URI.create(path + "/" + view.id())).body(view));
	}

	/**
	 * The campaign's view ({@code V}), from the node's held copy while it is current
	 * ({@link CampaignReads}).
	 */
	@GetMapping("/{id}")
	public Mono<ResponseEntity<DataBuffer>> find(@PathVariable String id) {
		return this.reads.read(this.type, campaignId(id)).map(HeldViews::ok);
	}

	@PostMapping("/{id}/cancel")
	public Mono<V> cancel(@PathVariable String id, Authentication user) {
		CampaignId campaignId = campaignId(id);
		return this.campaigns.cancel(this.type, campaignId, user)
			.doOnNext((view) -> this.reads.forget(this.type, campaignId));
	}

	/**
	 * The lifecycle routes under the controller's path, then the kind's own
	 * ({@link #kindRoutes}).
	 */
	@Override
	public List<ApiRoute> apiRoutes() {
		String base = basePath();
		List<ApiRoute> routes = new ArrayList<>(List.of(
				ApiRoute.forRoles(HttpMethod.POST, 201, base, List.of("SELLER"), "SELLER", "create", CREATE),
				ApiRoute.open(HttpMethod.GET, base + "/{id}", READ), ApiRoute.forRoles(HttpMethod.POST, 200,
						base + "/{id}/cancel", List.of("SELLER", "OPS"), "the owning SELLER, or OPS", null, CANCEL)));
		routes.addAll(kindRoutes(base));
		return routes;
	}

	/** The kind's own routes under {@code base}, declared next to their handlers. */
	protected abstract List<ApiRoute> kindRoutes(String base);

	/** The path the subclass maps, e.g. {@code /api/group-buys}. */
	private String basePath() {
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(getClass(), RequestMapping.class);
		if (mapping == null || mapping.path().length != 1) {
			throw new IllegalStateException(getClass() + " must map exactly one path");
		}
		return mapping.path()[0];
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
