package io.flashgroup.friend;

import java.util.Map;

import io.flashgroup.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A shopper has used a daily allowance: a 429 whose {@code Retry-After} is when the
 * oldest use leaves the rolling day.
 */
class DailyLimitReached extends ProblemException {

	private final long retryAfterSeconds;

	DailyLimitReached(String what, int limit, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "daily-limit-reached",
				"At most " + limit + " " + what + " per day; try again later",
				Map.of("limit", limit, "retryAfter", Math.max(1, retryAfterSeconds)));
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
