package io.flashgroup.bargain;

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
