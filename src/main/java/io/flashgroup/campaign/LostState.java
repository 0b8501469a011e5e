package io.flashgroup.campaign;

import java.util.Map;

import io.flashgroup.shared.ProblemException;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
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

	private final RedisReactiveCommands<String, String> redis;

	private final DatabaseClient db;

	LostState(RedisReactiveCommands<String, String> redis, DatabaseClient db) {
		this.redis = redis;
		this.db = db;
	}

	/** The problem answered while a lost campaign is rebuilt. */
	public static ProblemException rebuilding() {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The campaign's live state is being rebuilt; retry in a moment with the same Idempotency-Key",
				Map.of());
	}

	/**
	 * Whether the campaign has no state in Redis although PostgreSQL says it has not
	 * retired.
	 */
	public Mono<Boolean> isLost(long campaignId) {
		return this.redis.exists(new CampaignKeys(campaignId).state())
			.flatMap((n) -> (n == 1) ? Mono.just(false)
					: this.db.sql("SELECT 1 AS one FROM campaigns WHERE id = $1 AND retired_at IS NULL")
						.bind(0, campaignId)
						.map((row) -> 1)
						.one()
						.hasElement());
	}

	/**
	 * {@code notFound} as it is, or {@link #rebuilding()} when the campaign is lost: for
	 * {@code onErrorResume} after a script answered that something was not found.
	 */
	public <T> Mono<T> explain(long campaignId, Throwable notFound) {
		if (!(notFound instanceof ProblemException problem) || problem.status() != HttpStatus.NOT_FOUND) {
			return Mono.error(notFound);
		}
		return isLost(campaignId).flatMap((lost) -> Mono.error(lost ? rebuilding() : notFound));
	}

}
