package io.flashgroup.campaign;

import java.util.Map;

import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Tells a campaign Redis lost (and the server is rebuilding) from one that does not
 * exist, when a script found no state: a shopper of a lost campaign gets {@code 503} with
 * {@code Retry-After} (retry with the same Idempotency-Key) rather than a {@code 404}
 * that tells them to give up. Only asked on that rare answer, never on the hot path.
 */
@Component
public class LostState {

	private final DatabaseClient db;

	LostState(DatabaseClient db) {
		this.db = db;
	}

	/** The problem answered while a lost campaign is rebuilt. */
	public static ProblemException rebuilding() {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The campaign's live state is being rebuilt; retry in a moment with the same Idempotency-Key",
				Map.of());
	}

	/**
	 * Whether a campaign of {@code kind} that a script found without state is one Redis
	 * lost: PostgreSQL has it and says it has not retired. (Its state may be back by now,
	 * rebuilt meanwhile: a retry is answered then, so it is still "come back", not "does
	 * not exist".) A campaign of another kind is simply not found.
	 */
	public Mono<Boolean> isLost(CampaignId campaignId, CampaignKind kind) {
		return this.db.sql("SELECT 1 AS one FROM campaigns WHERE id = $1 AND kind = $2 AND retired_at IS NULL")
			.bind(0, campaignId.value())
			.bind(1, kind.name())
			.map((row) -> 1)
			.one()
			.hasElement();
	}

}
