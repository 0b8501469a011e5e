package io.flashgroup.level;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Writes experience events into the ledger ({@code xp_record}: rules, one entry per
 * business id) inside the caller's transaction, and after the caller's commit pushes the
 * new level of each shopper whose settled XP changed on their {@code circle:me}.
 */
@Service
public class Experience {

	/**
	 * The channel every circle:me watcher's node filters (a level message is personal).
	 */
	static final String EVENTS = LiveHub.channel("circle:me");

	private static final Logger log = LoggerFactory.getLogger(Experience.class);

	private final DatabaseClient db;

	private final Levels levels;

	private final LevelProperties properties;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ServerClock clock;

	private final JsonMapper json;

	Experience(DatabaseClient db, Levels levels, LevelProperties properties,
			RedisClusterReactiveCommands<String, String> redis, ServerClock clock, JsonMapper json) {
		this.db = db;
		this.levels = levels;
		this.properties = properties;
		this.redis = redis;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Records the events (in order; those seen before are skipped) in the transaction of
	 * the subscriber's context.
	 * @return the shoppers whose settled XP changed
	 */
	public Mono<Set<String>> record(List<XpEvent> events) {
		if (events.isEmpty()) {
			return Mono.just(Set.of());
		}
		int n = events.size();
		String[] users = new String[n], ids = new String[n], kinds = new String[n], sources = new String[n],
				reverses = new String[n];
		Integer[] amounts = new Integer[n];
		Long[] occurred = new Long[n], delays = new Long[n];
		for (int i = 0; i < n; i++) {
			XpEvent event = events.get(i);
			users[i] = event.userId();
			ids[i] = event.businessId();
			kinds[i] = event.kind().name();
			sources[i] = (event.sourceUser() != null) ? event.sourceUser() : "";
			reverses[i] = (event.reverses() != null) ? event.reverses() : "";
			amounts[i] = amount(event.kind());
			occurred[i] = event.occurredAt();
			delays[i] = (event.kind() == XpEvent.Kind.PURCHASE) ? this.properties.refundWindow().toMillis() : 0L;
		}
		return this.db.sql("SELECT user_id, amount, settled FROM xp_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
			.bind(0, users)
			.bind(1, ids)
			.bind(2, kinds)
			.bind(3, amounts)
			.bind(4, sources)
			.bind(5, reverses)
			.bind(6, occurred)
			.bind(7, delays)
			.bind(8, this.properties.dailyCap())
			.bind(9, this.properties.minFriendship().toMillis())
			.map((row) -> (row.get("amount", Integer.class) != 0
					&& Boolean.TRUE.equals(row.get("settled", Boolean.class))) ? row.get("user_id", String.class) : "")
			.all()
			.filter((user) -> !user.isEmpty())
			.collect(Collectors.toSet());
	}

	private int amount(XpEvent.Kind kind) {
		return switch (kind) {
			case SHARE -> this.properties.share();
			case CLAIM -> this.properties.claim();
			case PURCHASE -> this.properties.purchase();
			case REVERSAL -> 0;
		};
	}

	/**
	 * Pushes each shopper's level and settled XP on their {@code circle:me} (a hint: a
	 * failure is logged, never the caller's).
	 */
	public Mono<Void> announce(Collection<String> users) {
		if (users.isEmpty()) {
			return Mono.empty();
		}
		return this.levels.settledXp(users)
			.flatMapMany((xp) -> Flux.fromIterable(xp.entrySet()))
			.concatMap((entry) -> this.redis.publish(EVENTS, message(entry.getKey(), entry.getValue())))
			.then()
			.onErrorResume((ex) -> {
				log.warn("Announcing level changes failed (a hint; readers see them on the next read): {}",
						ex.toString());
				return Mono.empty();
			});
	}

	private String message(String userId, long xp) {
		ObjectNode message = this.json.createObjectNode();
		message.put("seq", 0);
		message.put("serverTime", this.clock.millis());
		ObjectNode state = message.putObject("state");
		state.put("event", "level");
		state.put("userId", userId);
		state.put("level", this.properties.levelAt(xp));
		state.put("xp", xp);
		return this.json.writeValueAsString(message);
	}

}
