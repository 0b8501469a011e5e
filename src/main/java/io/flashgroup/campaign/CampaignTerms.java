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

	/**
	 * A campaign's status at {@code now}, by the rules {@code campaign_status} in
	 * {@code campaign_lib.lua} applies: for views computed from PostgreSQL when Redis
	 * holds no state (the campaign retired, or Redis lost it and it is being rebuilt,
	 * when it may well still be live).
	 */
	public static String statusAt(boolean cancelled, Instant now, Instant startsAt, Instant endsAt, long sold,
			long stock) {
		if (cancelled) {
			return "CANCELLED";
		}
		else if (now.isBefore(startsAt)) {
			return "SCHEDULED";
		}
		else if (!now.isBefore(endsAt)) {
			return "ENDED";
		}
		return (sold >= stock) ? "SOLD_OUT" : "LIVE";
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
