package io.flashgroup.flashsale;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashgroup.campaign.CampaignRefusal;
import io.flashgroup.campaign.CampaignReads;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.LostState;
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
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How the flash-sale API answers refusals, bad input and faults, with the service and the
 * lifecycle mocked: every answer a problem in the house shape.
 */
@ControllerSlice(FlashSaleController.class)
class FlashSaleControllerTests {

	private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	@Autowired
	private WebTestClient web;

	@MockitoBean
	private Campaigns campaigns;

	@MockitoBean
	private CampaignReads reads;

	@MockitoBean
	private FlashSaleType type;

	@MockitoBean
	private FlashSaleService sales;

	@BeforeEach
	void kind() {
		given(this.type.kind()).willReturn(FlashSaleType.KIND);
	}

	@Test
	void reportsEveryBrokenFieldOfACreateKeyedByRequestField() {
		Map<String, Object> sale = lamp();
		sale.put("endsAt", START.minusSeconds(60).toString());
		sale.put("currency", "QQQ");
		sale.put("stock", 0);
		sale.put("sku", " ");
		JsonNode problem = assertProblem(create(sale), 400, "validation");
		JsonNode errors = problem.path("errors");
		assertThat(errors.path("endsAt").asString()).isEqualTo("must be after startsAt");
		assertThat(errors.path("currency").asString()).isEqualTo("is not a known ISO 4217 code");
		assertThat(errors.has("stock")).isTrue();
		assertThat(errors.has("sku")).isTrue();
		verifyNoInteractions(this.campaigns);
	}

	@Test
	void reportsAValueOfTheWrongTypeOnItsField() {
		Map<String, Object> fraction = lamp();
		fraction.put("stock", 1.5);
		assertThat(assertProblem(create(fraction), 400, "validation").path("errors").has("stock")).isTrue();
		Map<String, Object> text = lamp();
		text.put("startsAt", "tomorrow");
		assertThat(assertProblem(create(text), 400, "validation").path("errors").has("startsAt")).isTrue();
		verifyNoInteractions(this.campaigns);
	}

	@Test
	void answersABodyThatIsNotJsonAsMalformed() {
		assertProblem(this.web.post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"sku\":")
			.exchange(), 400, "malformed-request");
	}

	@Test
	void letsOnlySellersCreate() {
		assertProblem(this.web.post().uri("/api/flash-sales").bodyValue(lamp()).exchange(), 401, "unauthorized");
		assertProblem(this.web.post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.bodyValue(lamp())
			.exchange(), 403, "forbidden");
		verifyNoInteractions(this.campaigns);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "+12", "012", "4294967296", "-1" })
	void answersAnIdThatCannotExistAsNotFound(String id) {
		JsonNode problem = assertProblem(this.web.get().uri("/api/flash-sales/{id}", id).exchange(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Flash sale " + id + " does not exist");
		assertProblem(purchase(id, "key-1", Map.of()), 404, "not-found");
		verifyNoInteractions(this.campaigns, this.sales);
	}

	@Test
	void requiresAnIdempotencyKeyToPurchase() {
		assertProblem(purchase("7", null, Map.of()), 400, "idempotency-key-required");
		assertProblem(purchase("7", "", Map.of()), 400, "idempotency-key-required");
		assertProblem(purchase("7", "two words", Map.of()), 400, "idempotency-key-invalid");
		verifyNoInteractions(this.sales);
	}

	@Test
	void reportsABadQuantityOnItsField() {
		assertThat(assertProblem(purchase("7", "key-1", Map.of("quantity", 0)), 400, "validation").path("errors")
			.has("quantity")).isTrue();
		assertThat(assertProblem(purchase("7", "key-1", Map.of("quantity", 1.5)), 400, "validation").path("errors")
			.has("quantity")).isTrue();
		verifyNoInteractions(this.sales);
	}

	@Test
	void answersSoldOutWithTheStockLeft() {
		refuse(new CampaignRefusal.SoldOut(0).problem(FlashSaleType.KIND));
		JsonNode problem = assertProblem(purchase("7", "key-1", Map.of()), 409, "sold-out");
		assertThat(problem.path("stockLeft").asInt(-1)).isZero();
		assertThat(problem.path("instance").asString()).isEqualTo("/api/flash-sales/7/purchases");
	}

	@Test
	void answersTheLimitWithWhatTheShopperHolds() {
		refuse(new CampaignRefusal.LimitReached(2, 3).problem(FlashSaleType.KIND));
		JsonNode problem = assertProblem(purchase("7", "key-1", Map.of()), 409, "limit-reached");
		assertThat(problem.path("held").asInt()).isEqualTo(2);
		assertThat(problem.path("limit").asInt()).isEqualTo(3);
	}

	@Test
	void answersASaleNotStartedWithItsStart() {
		refuse(new CampaignRefusal.NotStarted(START).problem(FlashSaleType.KIND));
		JsonNode problem = assertProblem(purchase("7", "key-1", Map.of()), 409, "not-started");
		assertThat(problem.path("startsAt").asString()).isEqualTo(START.toString());
	}

	@Test
	void answersAnEndedOrCancelledSale() {
		refuse(new CampaignRefusal.Ended().problem(FlashSaleType.KIND));
		assertProblem(purchase("7", "key-1", Map.of()), 409, "ended");
		refuse(new CampaignRefusal.Cancelled().problem(FlashSaleType.KIND));
		assertProblem(purchase("7", "key-1", Map.of()), 409, "cancelled");
	}

	@Test
	void answersAReusedKeyWithTheFirstOrder() {
		refuse(new CampaignRefusal.KeyReused(Map.of("id", "first-order")).problem(FlashSaleType.KIND));
		JsonNode problem = assertProblem(purchase("7", "key-1", Map.of()), 422, "idempotency-key-reused");
		assertThat(problem.path("order").path("id").asString()).isEqualTo("first-order");
	}

	@Test
	void answersALostSaleWithRetryAfter() {
		refuse(LostState.rebuilding());
		assertProblem(purchase("7", "key-1", Map.of()).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2"), 503,
				"unavailable");
	}

	@Test
	void answersARedisOutageAsUnavailable() {
		given(this.sales.purchase(any(), anyString(), anyInt(), anyString()))
			.willReturn(Mono.error(new RedisConnectionFailureException("Unable to connect to localhost:6379")));
		assertProblem(purchase("7", "key-1", Map.of()).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1"), 503,
				"unavailable");
	}

	@Test
	void answersAnUnexpectedFailureWithoutItsInsides() {
		given(this.sales.purchase(any(), anyString(), anyInt(), anyString()))
			.willReturn(Mono.error(new IllegalStateException("io.flashgroup.flashsale secret at line 42")));
		JsonNode problem = assertProblem(purchase("7", "key-1", Map.of()), 500, "internal");
		assertThat(problem.toString()).doesNotContain("secret", "IllegalStateException");
	}

	@Test
	void answersACancelByAnotherSellerAsForbidden() {
		given(this.campaigns.cancel(any(), any(), any())).willReturn(Mono
			.error(new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Only the seller or ops may cancel it")));
		assertProblem(this.web.post()
			.uri("/api/flash-sales/7/cancel")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-2", "SELLER"))
			.exchange(), 403, "forbidden");
	}

	@Test
	void reportsAnUnknownStatusFilterOnItsParameter() {
		JsonNode problem = assertProblem(this.web.get().uri("/api/flash-sales?status=SOMEDAY").exchange(), 400,
				"validation");
		assertThat(problem.path("errors").has("status")).isTrue();
		verifyNoInteractions(this.campaigns);
	}

	private void refuse(ProblemException problem) {
		given(this.sales.purchase(any(), anyString(), anyInt(), anyString())).willReturn(Mono.error(problem));
	}

	private WebTestClient.ResponseSpec create(Map<String, Object> sale) {
		return this.web.post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.bodyValue(sale)
			.exchange();
	}

	private WebTestClient.ResponseSpec purchase(String id, String key, Map<String, Object> body) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/api/flash-sales/{id}/purchases", id)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.bodyValue(body).exchange();
	}

	/** A valid sale: one field at a time is broken by each test. */
	private static Map<String, Object> lamp() {
		Map<String, Object> sale = new LinkedHashMap<>();
		sale.put("sku", "LAMP-1");
		sale.put("title", "Desk lamp");
		sale.put("price", 1999);
		sale.put("currency", "EUR");
		sale.put("stock", 10);
		sale.put("startsAt", START.toString());
		sale.put("endsAt", START.plusSeconds(3600).toString());
		return sale;
	}

}
