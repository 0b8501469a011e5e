package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Checks on a seller's terms that need the clock or configured bounds (what bean
 * validation cannot see), answered as the same 400 {@code validation} problem with one
 * entry per field.
 */
public final class CampaignTerms {

	private CampaignTerms() {
	}

	/** The campaign must end in the future. */
	public static void requireFuture(String field, Instant endsAt, Instant now) {
		if (!endsAt.isAfter(now)) {
			throw invalid(field, "must be in the future");
		}
	}

	/**
	 * A configured duration (pay window, group or session lifetime) must be within
	 * bounds.
	 */
	public static void requireWithin(String field, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw invalid(field, "must be between " + min + " and " + max);
		}
	}

	/** Only the campaign's seller, or ops, may stop it: otherwise a 403 problem. */
	public static void requireOwnerOrOps(String sellerId, String userId, boolean ops, String what) {
		if (!ops && !sellerId.equals(userId)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
					"Only the " + what + "'s seller or ops may cancel it");
		}
	}

	private static ProblemException invalid(String field, String message) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
				Map.of("errors", Map.of(field, message)));
	}

}
