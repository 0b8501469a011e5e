package io.flashgroup.bargain;

import java.util.function.Supplier;

import io.flashgroup.live.HeldViews;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * {@code GET /api/bargain-sessions/{id}} from the node's held copy ({@link HeldViews}),
 * kept current by the session's topic (not conflated: every cut arrives). A session is
 * held while it can still change by a cut or a purchase (OPEN, COMPLETED), until just
 * before its deadline; any other or unknown session answers from Redis or PostgreSQL as
 * before.
 */
@Component
class SessionReads {

	/** How long before its deadline a held session stops being served. */
	static final long DEADLINE_MARGIN_MS = 1_000;

	private final BargainService bargains;

	private final HeldViews held;

	private final ServerClock clock;

	private final JsonMapper json;

	SessionReads(BargainService bargains, HeldViews held, ServerClock clock, JsonMapper json) {
		this.bargains = bargains;
		this.held = held;
		this.clock = clock;
		this.json = json;
	}

	/** The session's view as JSON ({@link Session.View}), or a 404 problem. */
	Mono<byte[]> read(String sessionId) {
		Supplier<Mono<HeldViews.Loaded<String>>> load = () -> this.bargains.findSession(sessionId)
			.map((session) -> new HeldViews.Loaded<>(sessionId,
					this.json.writeValueAsString(new BargainLiveSource.Snapshot(session.version(), this.clock.millis(),
							session.toPublic()))))
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Bargain session " + sessionId)));
		String topic = Session.topic(sessionId);
		return this.held.read(topic, OrderId.campaignOf(sessionId).orElse(0L), topic, load,
				(id, message) -> render(message));
	}

	/**
	 * The REST view from the topic's state: the same fields, times as instants. A session
	 * read from the store takes the same way, so both answer the same bytes.
	 */
	private HeldViews.Rendered render(String message) {
		Session.Public session = this.json.treeToValue(this.json.readTree(message).path("state"), Session.Public.class);
		byte[] view = this.json.writeValueAsBytes(session.toView());
		return switch (session.status()) {
			case "OPEN", "COMPLETED" -> new HeldViews.Rendered(view, session.deadline() - DEADLINE_MARGIN_MS, false);
			default -> new HeldViews.Rendered(view, Long.MIN_VALUE, true);
		};
	}

}
