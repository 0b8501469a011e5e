package io.flashgroup.groupbuy;

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
 * A group's own refusals of a seat change: each outcome's tag, status, type and fields.
 */
class GroupRefusalsTests {

	private static final String GROUP = "0190f3b2-0000-7000-8000-0000000001c0";

	@Test
	void answersAGroupThatIsGoneAsNotFound() {
		KindRefusal refusal = GroupRefusals.of(reply("GROUP_NOT_FOUND", ""), GROUP);
		assertThat(refusal.tag()).isEqualTo("group_not_found");
		assertProblem(refusal.problem(), HttpStatus.NOT_FOUND, "not-found", Map.of());
		assertThat(refusal.problem().getMessage()).isEqualTo("Group " + GROUP + " does not exist");
	}

	@Test
	void answersALeaveWithoutASeatAsNotFound() {
		KindRefusal refusal = GroupRefusals.of(reply("NOT_MEMBER", ""), GROUP);
		assertThat(refusal.tag()).isEqualTo("not_member");
		assertProblem(refusal.problem(), HttpStatus.NOT_FOUND, "not-found", Map.of());
		assertThat(refusal.problem().getMessage()).isEqualTo("Your seat in group " + GROUP + " does not exist");
	}

	@ParameterizedTest
	@CsvSource({ "GROUP_FULL, group_full, group-full", "ALREADY_MEMBER, already_member, already-member",
			"ALREADY_PAID, already_paid, already-paid" })
	void answersASeatTheGroupRefusesAsAConflict(String outcome, String tag, String type) {
		KindRefusal refusal = GroupRefusals.of(reply(outcome, ""), GROUP);
		assertThat(refusal.tag()).isEqualTo(tag);
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, type, Map.of());
	}

	@Test
	void answersAClosedGroupWithItsStatus() {
		KindRefusal refusal = GroupRefusals.of(reply("GROUP_CLOSED", "FAILED"), GROUP);
		assertThat(refusal.tag()).isEqualTo("group_closed");
		assertProblem(refusal.problem(), HttpStatus.CONFLICT, "group-closed", Map.of("groupStatus", "FAILED"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "SOLD_OUT", "JOINED", "SESSION_EXISTS" })
	void leavesOtherOutcomesToTheSharedDecoder(String outcome) {
		assertThat(GroupRefusals.of(reply(outcome, ""), GROUP)).isNull();
	}

	private static ScriptReply reply(String outcome, String detail) {
		return ScriptReply.of(List.<Object>of(outcome, detail));
	}

	static void assertProblem(ProblemException problem, HttpStatus status, String type,
			Map<String, Object> properties) {
		assertThat(problem.status()).isEqualTo(status);
		assertThat(problem.type()).isEqualTo(type);
		assertThat(problem.properties()).isEqualTo(properties);
		assertThat(problem.getMessage()).isNotBlank();
	}

}
