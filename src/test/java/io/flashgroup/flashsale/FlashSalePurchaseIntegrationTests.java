package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.Rush;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FlashSalePurchaseIntegrationTests extends IntegrationTestSupport {

	@Test
	void neverOversellsNorExceedsLimitsUnderConcurrentPurchases() {
		long saleId = liveSale(100, 2);
		List<String> tokens = Flux.range(0, 300)
			.map((i) -> token("rush-" + saleId + "-" + i, "SHOPPER"))
			.collectList()
			.block();
		List<Rush.Answer> answers = Rush.fire(this.port, 1000, 500,
				(web, i) -> web.post()
					.uri("/api/flash-sales/{id}/purchases", saleId)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i % 300))
					.header("Idempotency-Key", "attempt-" + i)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("quantity", 1 + i % 2)));
		Map<String, Integer> unitsByShopper = new HashMap<>();
		Map<String, String> acceptedOrders = new HashMap<>();
		answers.stream().filter((answer) -> answer.status() == 201).forEach((answer) -> {
			unitsByShopper.merge(answer.body().path("userId").asString(), answer.body().path("quantity").asInt(),
					Integer::sum);
			acceptedOrders.put(answer.body().path("id").asString(), "RESERVED");
		});

		assertThat(Rush.statuses(answers).keySet()).containsOnly(201, 409);
		assertThat(unitsByShopper.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
		assertThat(unitsByShopper.values()).allSatisfy((units) -> assertThat(units).isBetween(1, 2));
		JsonNode sale = sale(saleId);
		assertThat(sale.path("stockLeft").asLong()).isZero();
		assertThat(sale.path("status").asString()).isEqualTo("SOLD_OUT");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).isEqualTo(acceptedOrders));
	}

	@Test
	void returnsTheFirstAnswerToARetryWithTheSameIdempotencyKey() {
		long saleId = liveSale(10, 2);
		String shopper = token("retry-" + saleId, "SHOPPER");
		JsonNode first = purchase(saleId, shopper, 1, "same-key").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "false")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		JsonNode retry = purchase(saleId, shopper, 1, "same-key").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(retry.path("id").asString()).isEqualTo(first.path("id").asString());
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(9);
	}

	@Test
	void returnsTheLastUnitToARetryEvenAfterTheSaleSoldOut() {
		long saleId = liveSale(1, 1);
		String winner = token("last-unit-" + saleId, "SHOPPER");
		String winningOrder = json(purchase(saleId, winner, 1, "last-unit"), 201).path("id").asString();
		// Another shopper's attempt raises this node's sold-out flag.
		assertThat(
				json(purchase(saleId, token("too-late-" + saleId, "SHOPPER"), 1, "late"), 409).path("type").asString())
			.endsWith("/sold-out");

		JsonNode retry = purchase(saleId, winner, 1, "last-unit").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(retry.path("id").asString()).isEqualTo(winningOrder);
		assertThat(json(purchase(saleId, winner, 1, "new-key"), 409).path("type").asString()).endsWith("/sold-out");
	}

	@Test
	void rejectsAnIdempotencyKeyReusedForADifferentQuantity() {
		long saleId = liveSale(10, 2);
		String shopper = token("reuse-" + saleId, "SHOPPER");
		purchase(saleId, shopper, 1, "k").expectStatus().isCreated();
		purchase(saleId, shopper, 2, "k").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/idempotency-key-reused");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(9);
	}

	@Test
	void rejectsPurchasesBeforeTheStart() {
		Instant now = Instant.now();
		long saleId = createSale("seller-early", 5, 1, now.plusSeconds(600), now.plusSeconds(1200),
				Duration.ofMinutes(5));
		purchase(saleId, token("early", "SHOPPER"), 1, "k").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/not-started")
			.jsonPath("$.startsAt")
			.exists();
		assertThat(sale(saleId).path("status").asString()).isEqualTo("SCHEDULED");
	}

	@Test
	void answersSoldOutOnceTheLastUnitIsGone() {
		long saleId = liveSale(1, 1);
		purchase(saleId, token("first-" + saleId, "SHOPPER"), 1, "k").expectStatus().isCreated();
		String late = token("late-" + saleId, "SHOPPER");
		for (int i = 0; i < 3; i++) {
			purchase(saleId, late, 1, "k" + i).expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://flashgroup.io/problems/sold-out");
		}
	}

	@Test
	void requiresAnIdempotencyKey() {
		long saleId = liveSale(5, 1);
		client().post()
			.uri("/api/flash-sales/{id}/purchases", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("nokey", "SHOPPER"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/idempotency-key-required");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(5);
	}

	@Test
	void rejectsAnInvalidSaleWithItsFieldErrorsAndCreatesNothing() {
		Long before = countCampaigns();
		Map<String, Object> invalid = new HashMap<>();
		invalid.put("sku", "");
		invalid.put("price", -1);
		invalid.put("currency", "euro");
		invalid.put("stock", 0);
		invalid.put("startsAt", "2030-01-02T00:00:00Z");
		invalid.put("endsAt", "2030-01-01T00:00:00Z");
		client().post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bad-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(invalid)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/validation")
			.jsonPath("$.errors.sku")
			.exists()
			.jsonPath("$.errors.price")
			.exists()
			.jsonPath("$.errors.currency")
			.exists()
			.jsonPath("$.errors.stock")
			.exists()
			.jsonPath("$.errors.title")
			.exists();
		assertThat(countCampaigns()).isEqualTo(before);
	}

	@Test
	void rejectsAPayWindowOutsideTheConfiguredBounds() {
		Long before = countCampaigns();
		Instant now = Instant.now();
		JsonNode problem = json(client().post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bad-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "S", "title", "T", "price", 100, "currency", "EUR", "stock", 5, "startsAt",
					now.toString(), "endsAt", now.plusSeconds(600).toString(), "payWindow", "P2D"))
			.exchange(), 400);
		assertThat(problem.path("errors").path("payWindow").asString()).isEqualTo("must be between PT1S and PT24H");
		assertThat(countCampaigns()).isEqualTo(before);
	}

	@Test
	void rejectsMalformedJsonWithoutAStackTrace() {
		client().post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("json-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"sku\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/malformed-request")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void letsOnlyShoppersBuy() {
		long saleId = liveSale(5, 1);
		client().post().uri("/api/flash-sales/{id}/purchases", saleId).exchange().expectStatus().isUnauthorized();
		purchase(saleId, token("a-seller", "SELLER"), 1, "k").expectStatus().isForbidden();
		client().get().uri("/api/flash-sales/{id}", 99_999_999L).exchange().expectStatus().isNotFound();
	}

	@Test
	void cancelStopsPurchasesAtOnceAndReleasesReservations() {
		Instant now = Instant.now();
		String seller = "cancel-seller-" + now.toEpochMilli();
		long saleId = createSale(seller, 10, 2, now.minusSeconds(5), now.plusSeconds(3600), Duration.ofMinutes(10));
		String shopper = token("cancel-shopper-" + saleId, "SHOPPER");
		String orderId = purchase(saleId, shopper, 2, "k1").expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("id")
			.asString();

		client().post()
			.uri("/api/flash-sales/{id}/cancel", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("other-seller", "SELLER"))
			.exchange()
			.expectStatus()
			.isForbidden();
		client().post()
			.uri("/api/flash-sales/{id}/cancel", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED");

		purchase(saleId, shopper, 1, "k2").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/cancelled");
		assertThat(this.redis.hget(new CampaignKeys(saleId).orders(), orderId).block()).contains("\"CANCELLED\"");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(orderId, "CANCELLED"));
	}

	private Long countCampaigns() {
		return this.db.sql("SELECT count(*) AS n FROM campaigns").map((row) -> row.get("n", Long.class)).one().block();
	}

}
