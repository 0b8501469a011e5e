package io.flashgroup.campaign;

import java.util.Map;

import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Tells a campaign Redis lost (and the server is rebuilding) from a retired one and from
 * one that does not exist, when a script found no state: a shopper of a lost campaign
 * gets {@code 503} with {@code Retry-After} (retry with the same Idempotency-Key) rather
 * than a {@code 404} that tells them to give up; a retired campaign's {@code 409 ended}
 * (or {@code cancelled}) stays what it was before its keys expired. Only asked on that
 * rare answer, never on the hot path.
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
	 * What to answer for a campaign of {@code kind} that a script found without state:
	 * one Redis lost (PostgreSQL has it and says it has not retired) is being rebuilt, so
	 * {@link #rebuilding()} (its state may be back by now: a retry is answered then, so
	 * it is still "come back", not "does not exist"); a retired one is over, so it was
	 * cancelled or has ended, as it answered before its keys expired; a campaign of
	 * another kind, or none, is not found.
	 */
	public Mono<ProblemException> problem(CampaignId campaignId, CampaignKind kind) {
		return this.db
			.sql("SELECT retired_at IS NULL AS lost, cancelled_at IS NOT NULL AS cancelled FROM campaigns "
					+ "WHERE id = $1 AND kind = $2")
			.bind(0, campaignId.value())
			.bind(1, kind.name())
			.map((row) -> Boolean.TRUE.equals(row.get("lost", Boolean.class)) ? rebuilding()
					: Boolean.TRUE.equals(row.get("cancelled", Boolean.class))
							? new CampaignRefusal.Cancelled().problem(kind) : new CampaignRefusal.Ended().problem(kind))
			.one()
			.defaultIfEmpty(ProblemException.notFound(kind.named(campaignId)));
	}

}
