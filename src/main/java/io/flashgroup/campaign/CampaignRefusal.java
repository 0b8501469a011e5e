package io.flashgroup.campaign;

import java.time.Instant;
import java.util.Map;

import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** The refusals every kind's scripts answer with the same outcome names. */
public sealed interface CampaignRefusal extends Refusal {

	/**
	 * The shared refusal a reply carries ({@code NOT_FOUND}, {@code NOT_STARTED},
	 * {@code ENDED}, {@code CANCELLED}, {@code SOLD_OUT}, {@code LIMIT_REACHED}), or
	 * null.
	 */
	static @Nullable CampaignRefusal of(ScriptReply reply) {
		return switch (reply.outcome()) {
			case "NOT_FOUND" -> new NotFound();
			case "NOT_STARTED" -> new NotStarted(Instant.ofEpochMilli(reply.first()));
			case "ENDED" -> new Ended();
			case "CANCELLED" -> new Cancelled();
			case "SOLD_OUT" -> new SoldOut(reply.first());
			case "LIMIT_REACHED" -> new LimitReached(reply.first(), reply.second());
			default -> null;
		};
	}

	/**
	 * The campaign has no hot state of this kind: it does not exist, or Redis lost it.
	 */
	record NotFound() implements CampaignRefusal {

		@Override
		public String tag() {
			return "not_found";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.notFound("No such " + kind.inSentence());
		}

	}

	record NotStarted(Instant startsAt) implements CampaignRefusal {

		@Override
		public String tag() {
			return "not_started";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("not-started", "The " + kind.inSentence() + " has not started yet",
					Map.of("startsAt", this.startsAt.toString()));
		}

	}

	record Ended() implements CampaignRefusal {

		@Override
		public String tag() {
			return "ended";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("ended", "The " + kind.inSentence() + " has ended", Map.of());
		}

	}

	record Cancelled() implements CampaignRefusal {

		@Override
		public String tag() {
			return "cancelled";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("cancelled", "The " + kind.inSentence() + " was cancelled by its seller",
					Map.of());
		}

	}

	/** Not enough units left for the attempt. */
	record SoldOut(long stockLeft) implements CampaignRefusal {

		@Override
		public String tag() {
			return "sold_out";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("sold-out", "Not enough units left", Map.of("stockLeft", this.stockLeft));
		}

	}

	/** The shopper would hold more than the per-shopper limit. */
	record LimitReached(long held, long limit) implements CampaignRefusal {

		@Override
		public String tag() {
			return "limit_reached";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("limit-reached",
					"This would exceed the limit of " + this.limit + " per shopper",
					Map.of("limit", this.limit, "held", this.held));
		}

	}

	/**
	 * The Idempotency-Key was used for a different request.
	 *
	 * @param first what the first request got, shown in the problem
	 */
	record KeyReused(Object first) implements CampaignRefusal {

		@Override
		public String tag() {
			return "key_reused";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"This Idempotency-Key was used for a different request", Map.of("order", this.first));
		}

	}

}
