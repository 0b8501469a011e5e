package io.flashgroup.bargain;

import java.util.Map;

import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.Refusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** Why a session refused a start, a cut or a purchase, beyond the shared refusals. */
sealed interface BargainRefusal extends Refusal {

	/** The bargain refusal a reply carries, or null. */
	static @Nullable BargainRefusal of(ScriptReply reply, String sessionId) {
		return switch (reply.outcome()) {
			case "SESSION_EXISTS" -> new SessionExists(reply.detail());
			case "SESSION_NOT_FOUND" -> new NoSession(sessionId);
			case "SESSION_CLOSED" -> new SessionClosed(reply.detail());
			case "SELF_HELP" -> new SelfHelp();
			case "ALREADY_HELPED" -> new AlreadyHelped();
			case "HELP_LIMIT_REACHED" -> new HelpLimitReached(reply.first(), reply.second());
			case "NOT_OWNER" -> new NotOwner();
			default -> null;
		};
	}

	/**
	 * Sold out, said the way a session's owner or helper understands it.
	 *
	 * @param detail what happened
	 */
	record SoldOut(String detail) implements BargainRefusal {

		@Override
		public String tag() {
			return "sold_out";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("sold-out", this.detail, Map.of("stockLeft", 0));
		}

	}

	record SessionExists(String sessionId) implements BargainRefusal {

		@Override
		public String tag() {
			return "session_exists";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("session-exists", "You already have an open session in this bargain",
					Map.of("sessionId", this.sessionId));
		}

	}

	record NoSession(String sessionId) implements BargainRefusal {

		@Override
		public String tag() {
			return "session_not_found";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.notFound("Bargain session " + this.sessionId);
		}

	}

	record SessionClosed(String sessionStatus) implements BargainRefusal {

		@Override
		public String tag() {
			return "session_closed";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("session-closed", "This session takes no more cuts or purchases",
					Map.of("sessionStatus", this.sessionStatus));
		}

	}

	record SelfHelp() implements BargainRefusal {

		@Override
		public String tag() {
			return "self_help";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("self-help", "You cannot cut your own session", Map.of());
		}

	}

	record AlreadyHelped() implements BargainRefusal {

		@Override
		public String tag() {
			return "already_helped";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("already-helped", "You already cut this session", Map.of());
		}

	}

	record HelpLimitReached(long helped, long limit) implements BargainRefusal {

		@Override
		public String tag() {
			return "help_limit_reached";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return ProblemException.conflict("help-limit-reached",
					"You helped as many sessions today as this bargain allows",
					Map.of("helped", this.helped, "limit", this.limit));
		}

	}

	record NotOwner() implements BargainRefusal {

		@Override
		public String tag() {
			return "not_owner";
		}

		@Override
		public ProblemException problem(CampaignKind kind) {
			return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Only the session's owner may buy");
		}

	}

}
