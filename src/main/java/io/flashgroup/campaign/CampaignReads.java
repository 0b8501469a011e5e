package io.flashgroup.campaign;

import java.util.function.Supplier;

import io.flashgroup.live.HeldViews;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * {@code GET} of a campaign of any kind from the node's held copy ({@link HeldViews}),
 * kept current by the campaign's live topic: the view the API always answered, as JSON
 * encoded once per change. Only a running campaign is held, and only until just before
 * its state changes by the clock (its start, its end); a campaign that ended or was
 * cancelled, an unknown one, and every read the held copy cannot vouch for answer from
 * PostgreSQL and Redis as before ({@link Campaigns#find}).
 */
@Component
public class CampaignReads {

	/**
	 * How long before a phase change by the clock (start, end) a held view stops being
	 * served: far more than the error of the node's estimate of Redis time, so no held
	 * read shows a phase the store would not.
	 */
	static final long PHASE_MARGIN_MS = 1_000;

	private final Campaigns campaigns;

	private final HeldViews held;

	private final JsonMapper json;

	CampaignReads(Campaigns campaigns, HeldViews held, JsonMapper json) {
		this.campaigns = campaigns;
		this.held = held;
		this.json = json;
	}

	/** The campaign's view as JSON, or a 404 problem, as {@link Campaigns#find}. */
	public <D extends CampaignType.Defined> Mono<byte[]> read(CampaignType<?, D, ?> type, CampaignId id) {
		Supplier<Mono<HeldViews.Loaded<D>>> load = () -> this.campaigns.found(type, id)
			.map((found) -> new HeldViews.Loaded<>(found.definition(), found.liveMessage()));
		return this.held.read(key(type, id), id.value(), type.kind().topic(id.value()), load,
				(definition, message) -> render(type, definition, message));
	}

	/** Drops the held view: this node just changed the campaign. */
	public void forget(CampaignType<?, ?, ?> type, CampaignId id) {
		this.held.forget(key(type, id));
	}

	private <D extends CampaignType.Defined> HeldViews.Rendered render(CampaignType<?, D, ?> type, D definition,
			String message) {
		byte[] view = this.json.writeValueAsBytes(type.view(definition, message));
		String status = this.json.readTree(message).path("state").path("status").asString("");
		Campaign campaign = definition.campaign();
		return switch (status) {
			case "SCHEDULED" ->
				new HeldViews.Rendered(view, campaign.terms().startsAt().toEpochMilli() - PHASE_MARGIN_MS, false);
			case "LIVE", "SOLD_OUT" ->
				new HeldViews.Rendered(view, campaign.terms().endsAt().toEpochMilli() - PHASE_MARGIN_MS, false);
			default -> new HeldViews.Rendered(view, Long.MIN_VALUE, true);
		};
	}

	/** The held view's key: the kind's name and the id (not every kind has a topic). */
	private static String key(CampaignType<?, ?, ?> type, CampaignId id) {
		return type.kind().name() + ":" + id.value();
	}

}
