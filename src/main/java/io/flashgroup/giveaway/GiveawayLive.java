package io.flashgroup.giveaway;

import io.flashgroup.live.LiveHub;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
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

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ServerClock clock;

	private final JsonMapper json;

	GiveawayLive(GiveawayRows rows, RedisClusterReactiveCommands<String, String> redis, ServerClock clock,
			JsonMapper json) {
		this.rows = rows;
		this.redis = redis;
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
		return this.redis.publish(LiveHub.channel(topic(giveaway.id())), message(giveaway)).onErrorResume((ex) -> {
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
