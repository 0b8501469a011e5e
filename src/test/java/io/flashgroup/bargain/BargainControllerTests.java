package io.flashgroup.bargain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignRefusal;
import io.flashgroup.campaign.CampaignReads;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.order.OrderId;
import io.flashgroup.security.SliceSecurity;
import io.flashgroup.shared.ControllerSlice;
import io.flashgroup.shared.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How the bargain API (a campaign's routes and a session's) answers refusals and bad
 * input, with the service and the lifecycle mocked.
 */
@ControllerSlice({ BargainController.class, SessionController.class })
class BargainControllerTests {

	private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	private static final String SESSION = OrderId.next(9, START.toEpochMilli()).toString();

	@Autowired
	private WebTestClient web;

	@MockitoBean
	private Campaigns campaigns;

	@MockitoBean
	private CampaignReads reads;

	@MockitoBean
	private SessionReads sessionReads;

	@MockitoBean
	private BargainType type;

	@MockitoBean
	private BargainService bargains;

	@BeforeEach
	void kind() {
		given(this.type.kind()).willReturn(BargainType.KIND);
	}

	@Test
	void reportsTooManyHelpersForTheCutOnHelpersNeeded() {
		Map<String, Object> bargain = kettle();
		bargain.put("floorPrice", 995);
		bargain.put("helpersNeeded", 10);
		bargain.put("endsAt", START.minusSeconds(1).toString());
		JsonNode errors = assertProblem(create(bargain), 400, "validation").path("errors");
		assertThat(errors.path("helpersNeeded").asString()).startsWith("must be at most listPrice - floorPrice (5)");
		assertThat(errors.path("endsAt").asString()).isEqualTo("must be after startsAt");
		verifyNoInteractions(this.campaigns);
	}

	@Test
	void reportsMissingAndOutOfRangeFieldsOnTheirNames() {
		Map<String, Object> bargain = kettle();
		bargain.remove("listPrice");
		bargain.put("helpersNeeded", 0);
		bargain.put("currency", "eur");
		JsonNode errors = assertProblem(create(bargain), 400, "validation").path("errors");
		assertThat(errors.has("listPrice")).isTrue();
		assertThat(errors.has("helpersNeeded")).isTrue();
		assertThat(errors.path("currency").asString()).isEqualTo("must be an ISO 4217 code such as EUR");
		verifyNoInteractions(this.campaigns);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "+12", "012" })
	void answersACampaignIdThatCannotExistAsNotFound(String id) {
		JsonNode problem = assertProblem(this.web.get().uri("/api/bargains/{id}", id).exchange(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Bargain " + id + " does not exist");
		assertProblem(asShopper(this.web.post().uri("/api/bargains/{id}/sessions", id)), 404, "not-found");
		assertProblem(this.web.post()
			.uri("/api/bargains/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.exchange(), 404, "not-found");
		verifyNoInteractions(this.campaigns, this.bargains);
	}

	@Test
	void answersASecondOpenSessionWithTheFirst() {
		given(this.bargains.start(any(), anyString(), anyString())).willReturn(
				Mono.error(BargainRefusals.of(reply("SESSION_EXISTS", SESSION), SESSION).problem(BargainType.KIND)));
		JsonNode problem = assertProblem(asShopper(this.web.post().uri("/api/bargains/9/sessions")), 409,
				"session-exists");
		assertThat(problem.path("sessionId").asString()).isEqualTo(SESSION);
	}

	@Test
	void answersASoldOutStartWithNoStockLeft() {
		given(this.bargains.start(any(), anyString(), anyString()))
			.willReturn(Mono.error(BargainRefusals.soldOut("No units left to bargain for").problem(BargainType.KIND)));
		JsonNode problem = assertProblem(asShopper(this.web.post().uri("/api/bargains/9/sessions")), 409, "sold-out");
		assertThat(problem.path("stockLeft").asInt(-1)).isZero();
		given(this.bargains.start(any(), anyString(), anyString()))
			.willReturn(Mono.error(new CampaignRefusal.Ended().problem(BargainType.KIND)));
		assertProblem(asShopper(this.web.post().uri("/api/bargains/9/sessions")), 409, "ended");
	}

	@Test
	void answersTheCutsASessionRefuses() {
		refuseCut(BargainRefusals.of(reply("SELF_HELP", ""), SESSION).problem(BargainType.KIND));
		assertProblem(cut(), 409, "self-help");
		refuseCut(BargainRefusals.of(reply("ALREADY_HELPED", ""), SESSION).problem(BargainType.KIND));
		assertProblem(cut(), 409, "already-helped");
		refuseCut(BargainRefusals.of(reply("SESSION_CLOSED", "BOUGHT"), SESSION).problem(BargainType.KIND));
		assertThat(assertProblem(cut(), 409, "session-closed").path("sessionStatus").asString()).isEqualTo("BOUGHT");
	}

	@Test
	void answersTheDailyHelpLimitWithWhatTheHelperUsed() {
		refuseCut(BargainRefusals.of(reply("HELP_LIMIT_REACHED", "3:3"), SESSION).problem(BargainType.KIND));
		JsonNode problem = assertProblem(cut(), 409, "help-limit-reached");
		assertThat(problem.path("helped").asInt()).isEqualTo(3);
		assertThat(problem.path("limit").asInt()).isEqualTo(3);
		assertThat(problem.path("instance").asString()).isEqualTo("/api/bargain-sessions/" + SESSION + "/cuts");
	}

	@Test
	void answersAPurchaseByAnotherShopperAsForbidden() {
		given(this.bargains.purchase(eq(SESSION), anyString()))
			.willReturn(Mono.error(BargainRefusals.of(reply("NOT_OWNER", ""), SESSION).problem(BargainType.KIND)));
		assertProblem(purchase(), 403, "forbidden");
		given(this.bargains.purchase(eq(SESSION), anyString())).willReturn(
				Mono.error(BargainRefusals.of(reply("SESSION_NOT_FOUND", ""), SESSION).problem(BargainType.KIND)));
		JsonNode problem = assertProblem(purchase(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Bargain session " + SESSION + " does not exist");
	}

	@Test
	void letsOnlyShoppersCut() {
		assertProblem(this.web.post().uri("/api/bargain-sessions/{id}/cuts", SESSION).exchange(), 401, "unauthorized");
		assertProblem(this.web.post()
			.uri("/api/bargain-sessions/{id}/cuts", SESSION)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("ops-1", "OPS"))
			.exchange(), 403, "forbidden");
		verifyNoInteractions(this.bargains);
	}

	private void refuseCut(ProblemException problem) {
		given(this.bargains.cut(eq(SESSION), anyString(), anyString())).willReturn(Mono.error(problem));
	}

	private static ScriptReply reply(String outcome, String detail) {
		return ScriptReply.of(List.<Object>of(outcome, detail));
	}

	private WebTestClient.ResponseSpec cut() {
		return asShopper(this.web.post().uri("/api/bargain-sessions/{id}/cuts", SESSION));
	}

	private WebTestClient.ResponseSpec purchase() {
		return asShopper(this.web.post().uri("/api/bargain-sessions/{id}/purchase", SESSION));
	}

	private static WebTestClient.ResponseSpec asShopper(WebTestClient.RequestBodySpec request) {
		return request.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER")).exchange();
	}

	private WebTestClient.ResponseSpec create(Map<String, Object> bargain) {
		return this.web.post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.bodyValue(bargain)
			.exchange();
	}

	/** A valid bargain: one field at a time is broken by each test. */
	private static Map<String, Object> kettle() {
		Map<String, Object> bargain = new LinkedHashMap<>();
		bargain.put("sku", "KETTLE-1");
		bargain.put("title", "Kettle");
		bargain.put("currency", "EUR");
		bargain.put("listPrice", 1000);
		bargain.put("floorPrice", 500);
		bargain.put("helpersNeeded", 5);
		bargain.put("sessionTtl", "PT24H");
		bargain.put("stock", 10);
		bargain.put("startsAt", START.toString());
		bargain.put("endsAt", START.plusSeconds(86400).toString());
		return bargain;
	}

}
