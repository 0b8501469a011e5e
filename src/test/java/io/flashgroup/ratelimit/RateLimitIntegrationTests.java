package io.flashgroup.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flashgroup.TestConnections;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-user token buckets on write endpoints, with the defaults every run has (purchase: a
 * burst of 20, 5 a second): a greedy shopper is slowed with 429 and {@code Retry-After},
 * nobody else notices, and a refused request changes nothing.
 */
class RateLimitIntegrationTests extends RateLimitTestSupport {

	/**
	 * One sale for the tests that need no books of their own (each has its own shoppers):
	 * every live campaign a test leaves behind is one more on the shop page of the
	 * browser tests, which watches at most 50.
	 */
	private static long sharedSale;

	@Test
	void slowsAShopperFiringBeyondTheBurstAndLeavesNoTraceOfTheRefusedPurchases() {
		long saleId = liveSale(1_000, 1_000);
		String greedy = token("greedy-" + saleId, "SHOPPER");
		double rejectedBefore = rejected("purchase", "user");
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<JsonNode> refusals = new CopyOnWriteArrayList<>();
		List<String> retryAfter = new CopyOnWriteArrayList<>();
		WebClient web = WebClient.builder()
			.clientConnector(TestConnections.connector())
			.baseUrl("http://127.0.0.1:" + this.port)
			.build();

		Flux.range(0, 60)
			.flatMap((i) -> web.post()
				.uri("/api/flash-sales/{id}/purchases", saleId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + greedy)
				.header("Idempotency-Key", "greedy-" + i)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("quantity", 1))
				.exchangeToMono((response) -> response.bodyToMono(JsonNode.class).doOnNext((body) -> {
					int status = response.statusCode().value();
					statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
					if (status == 429) {
						refusals.add(body);
						retryAfter.add(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER));
					}
				})), 60)
			.blockLast(Duration.ofSeconds(60));

		assertThat(statuses.keySet()).containsOnly(201, 429);
		int accepted = statuses.get(201).get();
		assertThat(accepted).isBetween(20, 30);
		assertThat(statuses.get(429).get()).isEqualTo(60 - accepted);
		assertThat(retryAfter).allSatisfy((seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
		assertThat(refusals).allSatisfy((problem) -> {
			assertThat(problem.path("type").asString()).isEqualTo("https://flashgroup.io/problems/rate-limited");
			assertThat(problem.path("status").asInt()).isEqualTo(429);
			assertThat(problem.path("retryAfter").asInt()).isPositive();
			assertThat(problem.path("instance").asString()).isEqualTo("/api/flash-sales/" + saleId + "/purchases");
		});
		assertThat(rejected("purchase", "user") - rejectedBefore).isEqualTo(60 - accepted);

		// Only the accepted purchases exist anywhere: stock, Redis orders, PostgreSQL
		// rows.
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(1_000 - accepted);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode audit = audit(saleId);
			assertThat(audit.path("agrees").asBoolean()).isTrue();
			assertThat(audit.path("redis").path("sold").asLong()).isEqualTo(accepted);
		});
		assertThat(storedOrders(saleId)).hasSize(accepted);
	}

	@Test
	void leavesOtherShoppersAloneWhileOneIsLimited() {
		long saleId = sharedSale();
		String greedy = token("hog-" + saleId, "SHOPPER");
		String honest = token("honest-" + saleId, "SHOPPER");
		WebClient web = WebClient.builder()
			.clientConnector(TestConnections.connector())
			.baseUrl("http://127.0.0.1:" + this.port)
			.build();

		// The greedy shopper floods while the honest one buys three times, one after
		// another.
		Flux<String> flood = Flux.range(0, 80).flatMap((i) -> outcome(web, saleId, "greedy", greedy, "hog-" + i), 40);
		Flux<String> buys = Flux.range(0, 3).concatMap((i) -> outcome(web, saleId, "honest", honest, "honest-" + i));
		Map<String, Long> outcomes = Flux.merge(flood, buys)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
			.block(Duration.ofSeconds(60));

		assertThat(outcomes).containsEntry("honest 201", 3L).doesNotContainKey("honest 429");
		assertThat(outcomes.get("greedy 429")).isGreaterThanOrEqualTo(40);
	}

	/** "who status" of one purchase. */
	private static Mono<String> outcome(WebClient web, long saleId, String who, String token, String key) {
		return web.post()
			.uri("/api/flash-sales/{id}/purchases", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("quantity", 1))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(who + " " + response.statusCode().value()));
	}

	@Test
	void letsTheShopperBuyAgainOnceTheBucketHasRefilled() {
		long saleId = sharedSale();
		String shopper = token("patient-" + saleId, "SHOPPER");
		String retryAfter = exhaust(saleId, shopper);
		assertThat(Integer.parseInt(retryAfter)).isEqualTo(1);

		AtomicInteger attempt = new AtomicInteger();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> purchase(saleId, shopper, 1, "later-" + attempt.incrementAndGet()).returnResult(JsonNode.class)
				.getStatus()
				.value() == 201);
	}

	@Test
	void limitsEachEndpointClassOnItsOwnAndNeverReads() {
		long saleId = sharedSale();
		String shopper = token("classes-" + saleId, "SHOPPER");
		exhaust(saleId, shopper);

		// Reads are not limited; a bargain session is another class with its own bucket:
		// the
		// start reaches the controller, which finds no such bargain.
		json(client().get().uri("/api/me/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper).exchange(),
				200);
		JsonNode notFound = json(startSession(Long.MAX_VALUE / 4, shopper, null), 404);
		assertThat(notFound.path("type").asString()).isEqualTo("https://flashgroup.io/problems/not-found");
	}

	@Test
	void letsTheRequestThroughWhenRedisCannotAnswerTheCheck() {
		long saleId = sharedSale();
		String userId = "fail-open-" + saleId;
		// A bucket key of the wrong type makes the check's script fail inside Redis.
		this.redis.set("{rl:user:" + userId + "}:purchase", "not a bucket").block(Duration.ofSeconds(5));
		double failOpenBefore = failOpen("purchase");

		json(purchase(saleId, token(userId, "SHOPPER"), 1, "k"), 201);

		assertThat(failOpen("purchase") - failOpenBefore).isEqualTo(1);
	}

	private long sharedSale() {
		if (sharedSale == 0) {
			sharedSale = liveSale(100_000, 1_000);
		}
		return sharedSale;
	}

	/** Fires purchases until one is refused; returns its Retry-After. */
	private String exhaust(long saleId, String shopper) {
		for (int i = 0; i < 100; i++) {
			FluxExchangeResult<JsonNode> result = purchase(saleId, shopper, 1, "burst-" + i)
				.returnResult(JsonNode.class);
			if (result.getStatus().value() == 429) {
				return result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
			}
			assertThat(result.getStatus().value()).isEqualTo(201);
		}
		throw new AssertionError("100 purchases in a row were never limited");
	}

}
