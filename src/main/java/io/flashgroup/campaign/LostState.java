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
	 * The problem for a script's answer that the campaign has no state (of this kind):
	 * 404 for a campaign that does not exist, turned into {@link #rebuilding()} by
	 * {@link #explain} when PostgreSQL says such a campaign exists and has not retired.
	 * @param what how the problem names it, e.g. "Group buy 7"
	 * @param kind the kind the script serves, e.g. GROUP_BUY
	 */
	public static ProblemException missing(String what, String kind) {
		return new Missing(what, kind);
	}

	/**
	 * Whether a campaign of {@code kind} that a script found without state is one Redis
	 * lost: PostgreSQL has it and says it has not retired. (Its state may be back by now,
	 * rebuilt meanwhile: a retry is answered then, so it is still "come back", not "does
	 * not exist".) A campaign of another kind is simply not found.
	 */
	public Mono<Boolean> isLost(long campaignId, String kind) {
		return this.db.sql("SELECT 1 AS one FROM campaigns WHERE id = $1 AND kind = $2 AND retired_at IS NULL")
			.bind(0, campaignId)
			.bind(1, kind)
			.map((row) -> 1)
			.one()
			.hasElement();
	}

	/**
	 * {@code error} as it is, or {@link #rebuilding()} when it is a {@link #missing}
	 * campaign that Redis lost: for {@code onErrorResume} after a script's answer. (Every
	 * script checks the campaign's state before anything inside it, so a group or session
	 * not found is never a loss.)
	 */
	public <T> Mono<T> explain(long campaignId, Throwable error) {
		if (!(error instanceof Missing missing)) {
			return Mono.error(error);
		}
		return isLost(campaignId, missing.kind).flatMap((lost) -> Mono.error(lost ? rebuilding() : error));
	}

	/** A campaign a script found without state. */
	private static final class Missing extends ProblemException {

		private final String kind;

		Missing(String what, String kind) {
			super(HttpStatus.NOT_FOUND, "not-found", what + " does not exist");
			this.kind = kind;
		}

	}

}
