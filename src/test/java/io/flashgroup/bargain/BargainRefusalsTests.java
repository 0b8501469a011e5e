package io.flashgroup.bargain;

import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.KindRefusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.shared.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's own refusals of a start, cut or purchase: each outcome's tag, status, type
 * and fields.
 */
class BargainRefusalsTests {

	private static final String SESSION = "0190f3b2-0000-7000-8000-000000000240";

	@Test
	void answersASessionThatIsGoneAsNotFound() {
		KindRefusal refusal = BargainRefusals.of(reply("SESSION_NOT_FOUND", ""), SESSION);
		assertThat(refusal.tag()).isEqualTo("session_not_found");
		assertProblem(refusal.problem(), HttpStatus.NOT_FOUND, "not-found", Map.of());
		assertThat(refusal.problem().getMessage()).isEqualTo("Bargain session " + SESSION + " does not exist");
	}

	@Test
	void answersAPurchaseByAnotherShopperAsForbidden() {
		KindRefusal refusal = BargainRefusals.of(reply("NOT_OWNER", ""), SESSION);
		assertThat(refusal.tag()).isEqualTo("not_owner");
		assertProblem(refusal.problem(), HttpStatus.FORBIDDEN, "forbidden", Map.of());
	}

	@Test
	void answersASecondSessionWithTheOpenOne() {
		KindRefusal refusal = BargainRefusals.of(reply("SESSION_EXISTS", SESSION), SESSION);
		assertThat(refusal.tag()).isEqualTo("session_exists");
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, "session-exists", Map.of("sessionId", SESSION));
	}

	@Test
	void answersAClosedSessionWithItsStatus() {
		KindRefusal refusal = BargainRefusals.of(reply("SESSION_CLOSED", "EXPIRED"), SESSION);
		assertThat(refusal.tag()).isEqualTo("session_closed");
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, "session-closed", Map.of("sessionStatus", "EXPIRED"));
	}

	@ParameterizedTest
	@CsvSource({ "SELF_HELP, self_help, self-help", "ALREADY_HELPED, already_helped, already-helped" })
	void answersACutTheSessionRefusesAsAConflict(String outcome, String tag, String type) {
		KindRefusal refusal = BargainRefusals.of(reply(outcome, ""), SESSION);
		assertThat(refusal.tag()).isEqualTo(tag);
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, type, Map.of());
	}

	@Test
	void answersTheDailyHelpLimitWithWhatTheHelperUsed() {
		KindRefusal refusal = BargainRefusals.of(reply("HELP_LIMIT_REACHED", "2:3"), SESSION);
		assertThat(refusal.tag()).isEqualTo("help_limit_reached");
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, "help-limit-reached", Map.of("helped", 2L, "limit", 3L));
	}

	@Test
	void answersSoldOutInTheSessionsWords() {
		KindRefusal refusal = BargainRefusals.soldOut("No units left to buy at this price");
		assertThat(refusal.tag()).isEqualTo("sold_out");
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, "sold-out", Map.of("stockLeft", 0));
		assertThat(refusal.problem().getMessage()).isEqualTo("No units left to buy at this price");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SOLD_OUT", "CUT", "GROUP_FULL" })
	void leavesOtherOutcomesToTheSharedDecoder(String outcome) {
		assertThat(BargainRefusals.of(reply(outcome, ""), SESSION)).isNull();
	}

	private static ScriptReply reply(String outcome, String detail) {
		return ScriptReply.of(List.<Object>of(outcome, detail));
	}

	private static void assertProblem(ProblemException problem, HttpStatus status, String type,
			Map<String, Object> properties) {
		assertThat(problem.status()).isEqualTo(status);
		assertThat(problem.type()).isEqualTo(type);
		assertThat(problem.properties()).isEqualTo(properties);
		assertThat(problem.getMessage()).isNotBlank();
	}

}
