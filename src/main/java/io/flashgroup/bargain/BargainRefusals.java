package io.flashgroup.bargain;

import java.util.Map;

import io.flashgroup.campaign.KindRefusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** Why a session refused a start, a cut or a purchase, beyond the shared refusals. */
final class BargainRefusals {

	private BargainRefusals() {
	}

	/** The bargain refusal a reply carries, or null. */
	static @Nullable KindRefusal of(ScriptReply reply, String sessionId) {
		return switch (reply.outcome()) {
			case "SESSION_NOT_FOUND" ->
				new KindRefusal("session_not_found", ProblemException.notFound("Bargain session " + sessionId));
			case "NOT_OWNER" -> new KindRefusal("not_owner",
					new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Only the session's owner may buy"));
			case "SESSION_EXISTS" -> KindRefusal.conflict("session-exists",
					"You already have an open session in this bargain", Map.of("sessionId", reply.detail()));
			case "SESSION_CLOSED" -> KindRefusal.conflict("session-closed",
					"This session takes no more cuts or purchases", Map.of("sessionStatus", reply.detail()));
			case "SELF_HELP" -> KindRefusal.conflict("self-help", "You cannot cut your own session", Map.of());
			case "ALREADY_HELPED" -> KindRefusal.conflict("already-helped", "You already cut this session", Map.of());
			case "HELP_LIMIT_REACHED" ->
				KindRefusal.conflict("help-limit-reached", "You helped as many sessions today as this bargain allows",
						Map.of("helped", reply.first(), "limit", reply.second()));
			default -> null;
		};
	}

	/** Sold out, said the way a session's owner or helper understands it. */
	static KindRefusal soldOut(String detail) {
		return KindRefusal.conflict("sold-out", detail, Map.of("stockLeft", 0));
	}

}
