package io.flashgroup.groupbuy;

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
 * How the group-buy API (a campaign's routes and a group's) answers refusals and bad
 * input, with the service and the lifecycle mocked.
 */
@ControllerSlice({ GroupBuyController.class, GroupController.class })
class GroupBuyControllerTests {

	private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	private static final String GROUP = OrderId.next(7, START.toEpochMilli()).toString();

	@Autowired
	private WebTestClient web;

	@MockitoBean
	private Campaigns campaigns;

	@MockitoBean
	private CampaignReads reads;

	@MockitoBean
	private GroupReads groupReads;

	@MockitoBean
	private GroupBuyType type;

	@MockitoBean
	private GroupBuyService groupBuys;

	@BeforeEach
	void kind() {
		given(this.type.kind()).willReturn(GroupBuyType.KIND);
	}

	@Test
	void reportsTheGroupRulesOnTheFieldsTheyName() {
		Map<String, Object> buy = teaSet();
		buy.put("leaderPrice", 1500);
		buy.put("virtualFill", Map.of("minRealMembers", 3));
		buy.put("endsAt", START.toString());
		buy.put("currency", "QQQ");
		JsonNode errors = assertProblem(create(buy), 400, "validation").path("errors");
		assertThat(errors.path("leaderPrice").asString()).isEqualTo("must not be above groupPrice (1000)");
		assertThat(errors.path("virtualFill.minRealMembers").asString()).isEqualTo("must be below groupSize (3)");
		assertThat(errors.path("endsAt").asString()).isEqualTo("must be after startsAt");
		assertThat(errors.path("currency").asString()).isEqualTo("is not a known ISO 4217 code");
		verifyNoInteractions(this.campaigns);
	}

	@Test
	void reportsMissingAndOutOfRangeFieldsByTheirPath() {
		Map<String, Object> buy = teaSet();
		buy.put("groupSize", 1);
		buy.remove("groupTtl");
		buy.put("virtualFill", Map.of());
		JsonNode errors = assertProblem(create(buy), 400, "validation").path("errors");
		assertThat(errors.has("groupSize")).isTrue();
		assertThat(errors.has("groupTtl")).isTrue();
		assertThat(errors.has("virtualFill.minRealMembers")).isTrue();
		verifyNoInteractions(this.campaigns);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "+12", "012" })
	void answersACampaignIdThatCannotExistAsNotFound(String id) {
		JsonNode problem = assertProblem(this.web.get().uri("/api/group-buys/{id}", id).exchange(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Group buy " + id + " does not exist");
		assertProblem(this.web.get().uri("/api/group-buys/{id}/groups", id).exchange(), 404, "not-found");
		assertProblem(seat("/api/group-buys/{id}/groups", id, "key-1"), 404, "not-found");
		assertProblem(seat("/api/group-buys/{id}/join", id, "key-1"), 404, "not-found");
		verifyNoInteractions(this.campaigns, this.groupBuys);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "00000000-0000-0000-0000-000000000000" })
	void answersAGroupIdThatCannotExistAsNotFound(String id) {
		JsonNode problem = assertProblem(seat("/api/groups/{id}/members", id, "key-1"), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Group " + id + " does not exist");
		verifyNoInteractions(this.groupBuys);
	}

	@Test
	void requiresAnIdempotencyKeyToTakeASeat() {
		assertProblem(seat("/api/group-buys/{id}/groups", "7", null), 400, "idempotency-key-required");
		assertProblem(seat("/api/group-buys/{id}/join", "7", null), 400, "idempotency-key-required");
		assertProblem(seat("/api/groups/{id}/members", GROUP, null), 400, "idempotency-key-required");
		assertProblem(seat("/api/groups/{id}/members", GROUP, "ä"), 400, "idempotency-key-invalid");
		verifyNoInteractions(this.groupBuys);
	}

	@Test
	void answersAFullGroupAsAConflict() {
		refuseSeat(GroupRefusals.of(reply("GROUP_FULL", ""), GROUP).problem(GroupBuyType.KIND));
		JsonNode problem = assertProblem(seat("/api/groups/{id}/members", GROUP, "key-1"), 409, "group-full");
		assertThat(problem.path("instance").asString()).isEqualTo("/api/groups/" + GROUP + "/members");
	}

	@Test
	void answersAClosedGroupWithItsStatus() {
		refuseSeat(GroupRefusals.of(reply("GROUP_CLOSED", "SUCCEEDED"), GROUP).problem(GroupBuyType.KIND));
		JsonNode problem = assertProblem(seat("/api/groups/{id}/members", GROUP, "key-1"), 409, "group-closed");
		assertThat(problem.path("groupStatus").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void answersAGroupThatIsGoneAsNotFound() {
		refuseSeat(GroupRefusals.of(reply("GROUP_NOT_FOUND", ""), GROUP).problem(GroupBuyType.KIND));
		assertProblem(seat("/api/groups/{id}/members", GROUP, "key-1"), 404, "not-found");
	}

	@Test
	void answersTheSharedRefusalsOfASeat() {
		refuseSeat(new CampaignRefusal.SoldOut(0).problem(GroupBuyType.KIND));
		assertThat(assertProblem(seat("/api/group-buys/{id}/groups", "7", "key-1"), 409, "sold-out").path("stockLeft")
			.asInt(-1)).isZero();
		refuseSeat(new CampaignRefusal.LimitReached(1, 1).problem(GroupBuyType.KIND));
		JsonNode limit = assertProblem(seat("/api/group-buys/{id}/join", "7", "key-1"), 409, "limit-reached");
		assertThat(limit.path("limit").asInt()).isEqualTo(1);
		assertThat(limit.path("held").asInt()).isEqualTo(1);
		refuseSeat(GroupRefusals.of(reply("ALREADY_MEMBER", ""), GROUP).problem(GroupBuyType.KIND));
		assertProblem(seat("/api/groups/{id}/members", GROUP, "key-1"), 409, "already-member");
	}

	@Test
	void answersALeaveRefusedByTheGroup() {
		given(this.groupBuys.leave(eq(GROUP), anyString()))
			.willReturn(Mono.error(GroupRefusals.of(reply("ALREADY_PAID", ""), GROUP).problem(GroupBuyType.KIND)));
		assertProblem(leave(), 409, "already-paid");
		given(this.groupBuys.leave(eq(GROUP), anyString()))
			.willReturn(Mono.error(GroupRefusals.of(reply("NOT_MEMBER", ""), GROUP).problem(GroupBuyType.KIND)));
		JsonNode problem = assertProblem(leave(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Your seat in group " + GROUP + " does not exist");
	}

	@Test
	void reportsAnUnknownGroupStatusOnItsParameter() {
		JsonNode problem = assertProblem(this.web.get().uri("/api/group-buys/7/groups?status=LOST").exchange(), 400,
				"validation");
		assertThat(problem.path("errors").has("status")).isTrue();
		verifyNoInteractions(this.groupBuys);
	}

	@Test
	void letsOnlyShoppersTakeASeat() {
		assertProblem(this.web.post().uri("/api/group-buys/7/join").header("Idempotency-Key", "key-1").exchange(), 401,
				"unauthorized");
		assertProblem(this.web.post()
			.uri("/api/group-buys/7/join")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.header("Idempotency-Key", "key-1")
			.exchange(), 403, "forbidden");
		verifyNoInteractions(this.groupBuys);
	}

	private void refuseSeat(ProblemException problem) {
		given(this.groupBuys.seat(any(), anyString(), anyString(), anyString(), anyString(), anyString()))
			.willReturn(Mono.error(problem));
	}

	private static ScriptReply reply(String outcome, String detail) {
		return ScriptReply.of(List.<Object>of(outcome, detail));
	}

	private WebTestClient.ResponseSpec create(Map<String, Object> buy) {
		return this.web.post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.bodyValue(buy)
			.exchange();
	}

	private WebTestClient.ResponseSpec seat(String path, String id, String key) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri(path, id)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.exchange();
	}

	private WebTestClient.ResponseSpec leave() {
		return this.web.delete()
			.uri("/api/groups/{id}/members/me", GROUP)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.exchange();
	}

	/** A valid group buy: one field at a time is broken by each test. */
	private static Map<String, Object> teaSet() {
		Map<String, Object> buy = new LinkedHashMap<>();
		buy.put("sku", "TEA-1");
		buy.put("title", "Tea set");
		buy.put("currency", "EUR");
		buy.put("groupPrice", 1000);
		buy.put("groupSize", 3);
		buy.put("groupTtl", "PT1H");
		buy.put("stock", 30);
		buy.put("startsAt", START.toString());
		buy.put("endsAt", START.plusSeconds(7200).toString());
		return buy;
	}

}
