package io.flashgroup.order;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A campaign's outbox entries that PostgreSQL refused, kept in the stream
 * {@code {c:<id>}:dead} (each bucket's own for a split sale) with the error until ops fix
 * the cause and replay them. The campaign does not retire (its keys do not expire) while
 * it holds any, since a dead letter is a record not yet in PostgreSQL.
 */
@Component
public class DeadLetters {

	/** Entries moved back per script call, so one call never holds Redis long. */
	private static final int REPLAY_PAGE = 500;

	private static final LuaScript BURY = LuaScript.load("outbox_dead_letter");

	private static final LuaScript REPLAY = LuaScript.load("outbox_replay");

	private final LuaScripts scripts;

	private final ActiveCampaigns campaigns;

	private final MeterRegistry meters;

	DeadLetters(LuaScripts scripts, ActiveCampaigns campaigns, MeterRegistry meters) {
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.meters = meters;
	}

	/**
	 * Moves one refused entry out of the outbox, acknowledged, and counts it by kind (the
	 * entry's field: order, group, session).
	 */
	Mono<Void> bury(CampaignKeys keys, String entryId, String kind, String error) {
		return this.scripts
			.integer(BURY, new String[] { keys.outbox(), keys.deadLetters() }, OrderFlusher.GROUP, entryId, error)
			.filter((moved) -> moved == 1)
			.doOnNext((moved) -> counter(kind).increment())
			.then();
	}

	/**
	 * Moves every dead letter of the campaign back into its outbox, each bucket's into
	 * its own for a split sale, and makes sure the flushers walk them.
	 * @return how many entries were moved
	 */
	public Mono<Long> replay(long campaignId) {
		return this.campaigns.buckets(campaignId)
			.flatMapMany(Flux::fromIterable)
			.concatMap((keys) -> ((keys.bucket() == 0) ? this.campaigns.add(campaignId) : this.campaigns.add(keys))
				.then(replayPage(keys).expand((moved) -> (moved == REPLAY_PAGE) ? replayPage(keys) : Mono.empty())
					.reduce(0L, Long::sum)))
			.reduce(0L, Long::sum);
	}

	private Mono<Long> replayPage(CampaignKeys keys) {
		return this.scripts.integer(REPLAY, new String[] { keys.deadLetters(), keys.outbox() },
				Integer.toString(REPLAY_PAGE));
	}

	private Counter counter(String kind) {
		return Counter.builder("flashgroup.outbox.dead")
			.description("Outbox entries PostgreSQL refused, moved to a dead-letter stream")
			.tag("kind", kind)
			.register(this.meters);
	}

}
