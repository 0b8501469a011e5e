package io.flashgroup.giveaway;

import java.util.Map;

import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Winners claim their prize within {@code flashgroup.giveaways.claim-window} of the draw:
 * WON becomes CLAIMED (once; claiming again answers the same), and a prize still WON when
 * the window passed reads as LAPSED (nothing has to run at its end). The seller ships
 * CLAIMED prizes; their delivery is outside this server.
 */
@Service
class Prizes {

	private static final String CLAIM = """
			UPDATE giveaway_winners w SET status = 'CLAIMED', claimed_at = now()
			FROM giveaways g
			WHERE w.giveaway_id = $1 AND w.user_id = $2 AND w.status = 'WON'
			  AND g.id = w.giveaway_id AND now() < g.claim_by
			""";

	private final DatabaseClient db;

	private final GiveawayRows rows;

	Prizes(DatabaseClient db, GiveawayRows rows) {
		this.db = db;
		this.rows = rows;
	}

	/** The winner's claimed prize; 409 not-a-winner or prize-lapsed otherwise. */
	Mono<Prize> claim(long id, String userId) {
		return this.rows.find(id)
			.flatMap((giveaway) -> this.db.sql(CLAIM)
				.bind(0, id)
				.bind(1, userId)
				.fetch()
				.rowsUpdated()
				.then(this.rows.prize(giveaway, userId))
				.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.CONFLICT, "not-a-winner",
						giveaway.drawn() ? "You did not win this giveaway" : "This giveaway has not been drawn yet",
						Map.of("status", giveaway.status())))))
			.flatMap(Prizes::claimed);
	}

	private static Mono<Prize> claimed(Prize prize) {
		if ("LAPSED".equals(prize.status())) {
			return Mono.error(new ProblemException(HttpStatus.CONFLICT, "prize-lapsed",
					"The prize was to be claimed by " + prize.claimBy(),
					Map.of("claimBy", prize.claimBy().toString())));
		}
		return Mono.just(prize);
	}

}
