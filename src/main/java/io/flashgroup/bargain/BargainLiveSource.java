package io.flashgroup.bargain;

import org.jspecify.annotations.Nullable;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderId;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Snapshots of {@code bargain:<sessionId>} topics in the public form the scripts publish
 * (no helper ids, no order id), from Redis or, once the campaign retired, PostgreSQL. Not
 * conflated: every cut arrives, in order ({@code seq} is the session's version).
 */
@Component
class BargainLiveSource implements LiveSource {

	private final BargainService bargains;

	private final ServerClock clock;

	private final JsonMapper json;

	BargainLiveSource(BargainService bargains, ServerClock clock, JsonMapper json) {
		this.bargains = bargains;
		this.clock = clock;
		this.json = json;
	}

	@Override
	public String prefix() {
		return "bargain";
	}

	/** The session's campaign's slot, read from the session id. */
	@Override
	public @Nullable String slotOf(String id) {
		return OrderId.campaignOf(id).map((campaign) -> new CampaignKeys(campaign).state()).orElse(null);
	}

	@Override
	public boolean conflated() {
		return false;
	}

	@Override
	public Mono<String> snapshot(String id) {
		return this.bargains.findSession(id)
			.map((session) -> this.json
				.writeValueAsString(new Snapshot(session.version(), this.clock.millis(), session.toPublic())));
	}

	/** A live message: {@code {"seq":..,"serverTime":..,"state":{..}}}. */
	record Snapshot(long seq, long serverTime, Session.Public state) {
	}

}
