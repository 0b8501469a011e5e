package io.flashgroup.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flashgroup.shared.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The refusals every kind's scripts share: decoded, tagged and worded for the kind. */
class CampaignRefusalTests {

	static final CampaignKind KIND = new CampaignKind("GIVEAWAY", "Giveaway", "giveaway");

	private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	@Test
	void decodesAScriptThatFoundNoState() {
		CampaignRefusal refusal = CampaignRefusal.of(reply("NOT_FOUND", ""));
		assertThat(refusal).isInstanceOf(CampaignRefusal.NotFound.class);
		assertThat(refusal.tag()).isEqualTo("not_found");
		ProblemException problem = refusal.problem(KIND);
		assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(problem.type()).isEqualTo("not-found");
	}

	@Test
	void decodesNotStartedWithTheStart() {
		CampaignRefusal refusal = CampaignRefusal.of(reply("NOT_STARTED", Long.toString(START.toEpochMilli())));
		assertThat(refusal).isEqualTo(new CampaignRefusal.NotStarted(START));
		assertThat(refusal.tag()).isEqualTo("not_started");
		assertConflict(refusal.problem(KIND), "not-started", Map.of("startsAt", START.toString()));
		assertThat(refusal.problem(KIND).getMessage()).isEqualTo("The giveaway has not started yet");
	}

	@Test
	void decodesEndedAndCancelled() {
		CampaignRefusal ended = CampaignRefusal.of(reply("ENDED", ""));
		assertThat(ended).isEqualTo(new CampaignRefusal.Ended());
		assertThat(ended.tag()).isEqualTo("ended");
		assertConflict(ended.problem(KIND), "ended", Map.of());
		CampaignRefusal cancelled = CampaignRefusal.of(reply("CANCELLED", ""));
		assertThat(cancelled).isEqualTo(new CampaignRefusal.Cancelled());
		assertThat(cancelled.tag()).isEqualTo("cancelled");
		assertConflict(cancelled.problem(KIND), "cancelled", Map.of());
		assertThat(cancelled.problem(KIND).getMessage()).isEqualTo("The giveaway was cancelled by its seller");
	}

	@Test
	void decodesSoldOutWithTheStockLeft() {
		CampaignRefusal refusal = CampaignRefusal.of(reply("SOLD_OUT", "1"));
		assertThat(refusal).isEqualTo(new CampaignRefusal.SoldOut(1));
		assertThat(refusal.tag()).isEqualTo("sold_out");
		assertConflict(refusal.problem(KIND), "sold-out", Map.of("stockLeft", 1L));
		assertThat(CampaignRefusal.of(reply("SOLD_OUT", ""))).isEqualTo(new CampaignRefusal.SoldOut(0));
	}

	@Test
	void decodesTheLimitWithWhatTheShopperHolds() {
		CampaignRefusal refusal = CampaignRefusal.of(reply("LIMIT_REACHED", "2:3"));
		assertThat(refusal).isEqualTo(new CampaignRefusal.LimitReached(2, 3));
		assertThat(refusal.tag()).isEqualTo("limit_reached");
		assertConflict(refusal.problem(KIND), "limit-reached", Map.of("limit", 3L, "held", 2L));
	}

	@Test
	void answersAReusedKeyWithTheFirstResult() {
		CampaignRefusal refusal = new CampaignRefusal.KeyReused("first");
		assertThat(refusal.tag()).isEqualTo("key_reused");
		ProblemException problem = refusal.problem(KIND);
		assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(problem.type()).isEqualTo("idempotency-key-reused");
		assertThat(problem.properties()).isEqualTo(Map.of("order", "first"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "RESERVED", "DUPLICATE", "GROUP_FULL", "sold_out", "" })
	void leavesOutcomesItDoesNotShareToTheKind(String outcome) {
		assertThat(CampaignRefusal.of(reply(outcome, "1"))).isNull();
	}

	static ScriptReply reply(String outcome, String detail) {
		return ScriptReply.of(List.<Object>of(outcome, detail));
	}

	private static void assertConflict(ProblemException problem, String type, Map<String, Object> properties) {
		assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(problem.type()).isEqualTo(type);
		assertThat(problem.properties()).isEqualTo(properties);
		assertThat(problem.getMessage()).isNotBlank();
	}

}
