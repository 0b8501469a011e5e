package io.flashgroup.giveaway;

import io.flashgroup.live.LiveHub;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.RedisPubSub;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * {@code giveaway:<id>}: anyone may watch a giveaway's public counter
 * ({@code {giveawayId, entrants, status}}, never a user id). Published after the entry or
 * the draw committed; its seq is {@link Giveaway#seq()}, so a late or lost message is
 * mended by the next one or by the snapshot.
 */
@Component
class GiveawayLive implements LiveSource {

	private static final Logger log = LoggerFactory.getLogger(GiveawayLive.class);

	private final GiveawayRows rows;

	private final RedisPubSub pubsub;

	private final ServerClock clock;

	private final JsonMapper json;

	GiveawayLive(GiveawayRows rows, RedisPubSub pubsub, ServerClock clock, JsonMapper json) {
		this.rows = rows;
		this.pubsub = pubsub;
		this.clock = clock;
		this.json = json;
	}

	static String topic(long id) {
		return "giveaway:" + id;
	}

	@Override
	public String prefix() {
		return "giveaway";
	}

	/**
	 * A tag of its own: the giveaway has no Redis keys (its state is in PostgreSQL), so
	 * on a cluster its channel is sharded on a slot picked by its id and never broadcast.
	 */
	@Override
	public String slotOf(String id) {
		return "{giveaway:" + id + "}";
	}

	@Override
	public Mono<String> snapshot(String id) {
		long giveawayId;
		try {
			giveawayId = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return Mono.empty();
		}
		return this.rows.find(giveawayId)
			.map(this::message)
			.onErrorResume(ProblemException.class, (ex) -> Mono.empty());
	}

	/**
	 * Tells the giveaway's watchers its counter. The change it reports is committed
	 * already: a failed publish is logged, not the caller's failure.
	 */
	Mono<Void> publish(Giveaway giveaway) {
		String channel = this.pubsub.channel(LiveHub.channel(topic(giveaway.id())),
				slotOf(Long.toString(giveaway.id())));
		return this.pubsub.publish(channel, message(giveaway)).onErrorResume((ex) -> {
			log.warn("Publishing giveaway {} failed: {}", giveaway.id(), ex.toString());
			return Mono.empty();
		}).then();
	}

	private String message(Giveaway giveaway) {
		ObjectNode message = this.json.createObjectNode();
		message.put("seq", giveaway.seq());
		message.put("serverTime", this.clock.millis());
		ObjectNode state = message.putObject("state");
		state.put("giveawayId", giveaway.id());
		state.put("entrants", giveaway.entrants());
		state.put("status", giveaway.status());
		return this.json.writeValueAsString(message);
	}

}
