package io.flashgroup.bargain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.HotState;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * A bargain campaign's terms and sessions back in Redis after it lost them: the fields
 * {@code campaign_create.lua} writes for it, every session's latest recorded version,
 * each owner's open session and count of sessions started, today's help counts, the
 * deadline timers and {@code openSessions}.
 * <p>
 * The split of the cuts still to make lived in Redis only: a session that can still be
 * cut gets a new random split of what is left to cut (same total, same number of cuts),
 * so the final price is unchanged and only the sizes of the cuts to come differ.
 */
@Component
class BargainRecovery {

	private final StoredSessions sessions;

	private final JsonMapper json;

	private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

	BargainRecovery(StoredSessions sessions, JsonMapper json) {
		this.sessions = sessions;
		this.json = json;
	}

	/** Adds the bargain's sessions, owners, start and help counts, splits and timers. */
	Mono<Void> rebuild(Bargain bargain, HotState state) {
		CampaignKeys keys = state.keys();
		long today = Instant.ofEpochMilli(state.now()).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
		return this.sessions.findAll(bargain.id()).doOnNext((session) -> {
			state.countRecord();
			state.hash(keys.sessions(), session.id(), this.json.writeValueAsString(session));
			state.increment(keys.starts(), session.ownerId(), 1);
			boolean open = session.status().equals("OPEN") || session.status().equals("COMPLETED");
			if (open) {
				state.count("openSessions", 1);
				state.hash(keys.owners(), session.ownerId(), session.id());
				state.sortedSet(keys.timers(), session.deadline(), "s:" + session.id());
			}
			if ((open || session.status().equals("PURCHASED")) && session.cutsLeft() > 0) {
				state.hash(keys.splits(), session.id(), split(session));
			}
			for (Session.Cut cut : session.cuts()) {
				if (Instant.ofEpochMilli(cut.at()).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() == today) {
					state.increment(keys.helps(today), cut.helperId(), 1);
				}
			}
		})
			.then(Mono
				.fromRunnable(() -> state.expire(keys.helps(today), Long.parseLong(BargainScripts.HELPS_TTL_SECONDS))));
	}

	private String split(Session session) {
		long[] cuts;
		synchronized (this.random) {
			cuts = CutSplit.split(session.currentPrice() - session.floorPrice(), session.cutsLeft(),
					this.random.split());
		}
		return Arrays.stream(cuts).mapToObj(Long::toString).collect(Collectors.joining(","));
	}

}
