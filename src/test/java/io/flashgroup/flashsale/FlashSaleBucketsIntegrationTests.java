package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.Rush;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderId;
import io.flashgroup.recovery.CampaignRecovery;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One flash sale split into stock buckets on several hash tags: the invariants of a sale
 * that is not split hold for the sum, every script stays in one slot.
 */
class FlashSaleBucketsIntegrationTests extends IntegrationTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Autowired
	private FlashSaleScripts scripts;

	@Autowired
	private FlashSaleBuckets buckets;

	@Autowired
	private CampaignRecovery recovery;

	@Test
	void neverOversellsAcrossThreeBucketsAndSellsOutOnlyWhenAllAreEmpty() {
		long saleId = bucketedSale(100, 2, 3);
		List<String> shoppers = Flux.range(0, 300).map((i) -> "b-rush-" + saleId + "-" + i).collectList().block();
		List<String> tokens = Flux.fromIterable(shoppers).map((u) -> token(u, "SHOPPER")).collectList().block();
		List<Rush.Answer> answers = Rush.fire(this.port, 1000, 200,
				(web, i) -> web.post()
					.uri("/api/flash-sales/{id}/purchases", saleId)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i % 300))
					.header("Idempotency-Key", "attempt-" + i)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("quantity", 1 + i % 2)));
		Map<String, Integer> unitsByShopper = new HashMap<>();
		Map<String, String> acceptedOrders = new HashMap<>();
		answers.stream().filter((answer) -> answer.status() == 201).forEach((answer) -> {
			String user = answer.body().path("userId").asString();
			String orderId = answer.body().path("id").asString();
			unitsByShopper.merge(user, answer.body().path("quantity").asInt(), Integer::sum);
			acceptedOrders.put(orderId, "RESERVED");
			// Every order lives in its shopper's home bucket.
			assertThat(OrderId.parse(orderId).orElseThrow().bucket()).isEqualTo(FlashSaleBuckets.home(user, 3));
		});

		// 503: the last units were contended between buckets (told to retry).
		assertThat(Rush.statuses(answers).keySet()).isSubsetOf(201, 409, 503);
		assertThat(unitsByShopper.values()).allSatisfy((units) -> assertThat(units).isBetween(1, 2));
		int rushed = unitsByShopper.values().stream().mapToInt(Integer::intValue).sum();
		int retried = Rush.statuses(answers).containsKey(503) ? 100 - rushed : 0;
		if (retried > 0) {
			sellsOutExactly(saleId, 100, retried);
		}
		assertThat(rushed + retried).isEqualTo(100);
		for (int k = 0; k < 3; k++) {
			assertThat(left(new CampaignKeys(saleId, k, 3))).isZero();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode sale = sale(saleId);
			assertThat(sale.path("stockLeft").asLong()).isZero();
			assertThat(sale.path("sold").asLong()).isEqualTo(100);
			assertThat(sale.path("status").asString()).isEqualTo("SOLD_OUT");
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsAllEntriesOf(acceptedOrders)
				.hasSize(acceptedOrders.size() + retried));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode audit = audit(saleId);
			assertThat(audit.path("differences").toString()).isEqualTo("[]");
			assertThat(audit.path("agrees").asBoolean()).isTrue();
			assertThat(audit.path("redis").path("buckets").asInt()).isEqualTo(3);
			assertThat(audit.path("redis").path("sold").asLong()).isEqualTo(100);
			assertThat(audit.path("redis").path("bucketStock").asLong() + audit.path("redis").path("inFlight").asLong())
				.isEqualTo(100);
		});
	}

	@Test
	void keepsThePerUserLimitExactWhenHomeRunsDry() {
		long saleId = bucketedSale(9, 2, 3);
		String shopper = shopperWithHome(saleId + "-limit", 3, 1);
		// Home (3 units) runs dry after the first two purchases; the rest falls over.
		String others = shopperWithHome(saleId + "-other", 3, 1);
		String otherToken = token(others, "SHOPPER");
		json(purchase(saleId, otherToken, 2, "o1"), 201);
		String token = token(shopper, "SHOPPER");
		json(purchase(saleId, token, 1, "a"), 201);
		json(purchase(saleId, token, 1, "b"), 201);
		JsonNode refused = json(purchase(saleId, token, 1, "c"), 409);
		assertThat(refused.path("type").asString()).endsWith("/limit-reached");
		assertThat(bucketHash(new CampaignKeys(saleId, 1, 3).buyers(), shopper)).isEqualTo("2");
		// The first retry answers the first order, even though its unit came from another
		// bucket.
		purchase(saleId, token, 1, "b").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true");
		assertThat(total(saleId)).isEqualTo(9);
	}

	@Test
	void finishesATransferStoppedAfterTheTake() {
		long saleId = bucketedSale(6, 1, 2);
		CampaignKeys donor = new CampaignKeys(saleId, 0, 2);
		CampaignKeys home = new CampaignKeys(saleId, 1, 2);
		String transfer = UUID.randomUUID().toString();

		List<Object> taken = this.scripts.take(donor, transfer, 1, 2).block(TIMEOUT);
		List<Object> retried = this.scripts.take(donor, transfer, 1, 2).block(TIMEOUT);

		assertThat(((Number) taken.get(0)).longValue()).isEqualTo(2);
		assertThat(((Number) retried.get(0)).longValue()).isEqualTo(2);
		// In flight: in neither bucket's stock, so nothing can sell it twice.
		assertThat(stock(donor)).isEqualTo(1);
		assertThat(stock(home)).isEqualTo(3);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.redis.hlen(donor.transfers()).block(TIMEOUT)).isZero());
		assertThat(stock(home)).isEqualTo(5);
		// A late credit by the same id changes nothing.
		assertThat(this.scripts.credit(home, transfer, 2).block(TIMEOUT)).isZero();
		assertThat(stock(home)).isEqualTo(5);
		assertThat(total(saleId)).isEqualTo(6);
	}

	@Test
	void finishesATransferStoppedAfterTheCreditWithoutCreditingTwice() {
		long saleId = bucketedSale(6, 1, 2);
		CampaignKeys donor = new CampaignKeys(saleId, 1, 2);
		CampaignKeys home = new CampaignKeys(saleId, 0, 2);
		String transfer = UUID.randomUUID().toString();

		this.scripts.take(donor, transfer, 0, 3).block(TIMEOUT);
		assertThat(this.scripts.credit(home, transfer, 3).block(TIMEOUT)).isOne();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.redis.hlen(donor.transfers()).block(TIMEOUT)).isZero());
		assertThat(stock(home)).isEqualTo(6);
		assertThat(stock(donor)).isZero();
		assertThat(total(saleId)).isEqualTo(6);
	}

	@Test
	void sellsUnitsInFlightToHomeBeforeAnsweringSoldOut() {
		long saleId = bucketedSale(2, 1, 2);
		CampaignKeys home = new CampaignKeys(saleId, 0, 2);
		CampaignKeys donor = new CampaignKeys(saleId, 1, 2);
		json(purchase(saleId, token(shopperWithHome(saleId + "-first", 2, 0), "SHOPPER"), 1, "k"), 201);
		// A transfer to home stopped after its take: home and donor are both empty.
		this.scripts.take(donor, UUID.randomUUID().toString(), 0, 1).block(TIMEOUT);
		assertThat(left(home)).isZero();
		assertThat(left(donor)).isZero();

		JsonNode order = json(purchase(saleId, token(shopperWithHome(saleId + "-second", 2, 0), "SHOPPER"), 1, "k"),
				201);

		assertThat(OrderId.parse(order.path("id").asString()).orElseThrow().bucket()).isZero();
		json(purchase(saleId, token(shopperWithHome(saleId + "-third", 2, 1), "SHOPPER"), 1, "k"), 409);
		assertThat(this.redis.hlen(donor.transfers()).block(TIMEOUT)).isZero();
	}

	@Test
	void paysAndExpiresOrdersOfOtherBuckets() {
		Instant now = Instant.now();
		Map<String, Object> body = CampaignBodies.flashSale(30, 1);
		body.put("payWindow", "PT1S");
		body.put("buckets", 3);
		long saleId = create("/api/flash-sales", "seller-" + now.toEpochMilli(), body);
		String payer = shopperWithHome(saleId + "-payer", 3, 2);
		String payerToken = token(payer, "SHOPPER");
		String idler = shopperWithHome(saleId + "-idler", 3, 1);
		String idlerToken = token(idler, "SHOPPER");
		String paid = json(purchase(saleId, payerToken, 1, "k"), 201).path("id").asString();
		String expiring = json(purchase(saleId, idlerToken, 1, "k"), 201).path("id").asString();
		assertThat(OrderId.parse(paid).orElseThrow().bucket()).isEqualTo(2);
		assertThat(OrderId.parse(expiring).orElseThrow().bucket()).isEqualTo(1);

		assertThat(pay(paid, payerToken).path("status").asString()).isEqualTo("PAID");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(order(expiring, idlerToken).path("status").asString()).isEqualTo("EXPIRED"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode sale = sale(saleId);
			assertThat(sale.path("sold").asLong()).isEqualTo(1);
			assertThat(sale.path("stockLeft").asLong()).isEqualTo(29);
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(paid, "PAID")
				.containsEntry(expiring, "EXPIRED"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(audit(saleId).path("agrees").asBoolean()).isTrue());
	}

	@Test
	void showsWatchersTheSumOfTheBuckets() {
		long saleId = bucketedSale(50, 5, 3);
		try (Watcher watcher = watchTopic("flash-sale:" + saleId)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.received().isEmpty());
			json(purchase(saleId, token(shopperWithHome(saleId + "-w1", 3, 1), "SHOPPER"), 2, "k"), 201);
			json(purchase(saleId, token(shopperWithHome(saleId + "-w2", 3, 2), "SHOPPER"), 3, "k"), 201);
			json(purchase(saleId, token(shopperWithHome(saleId + "-w0", 3, 0), "SHOPPER"), 1, "k"), 201);

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode last = watcher.received().get(watcher.received().size() - 1);
				assertThat(last.path("state").path("sold").asLong()).isEqualTo(6);
				assertThat(last.path("state").path("stockLeft").asLong()).isEqualTo(44);
				assertThat(last.path("state").path("stock").asLong()).isEqualTo(50);
			});
		}
		JsonNode sale = sale(saleId);
		assertThat(sale.path("buckets").asInt()).isEqualTo(3);
		assertThat(sale.path("stock").asInt()).isEqualTo(50);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(44));
	}

	@Test
	void cancelsEveryBucket() {
		long saleId = bucketedSale(12, 1, 3);
		String shopper = shopperWithHome(saleId + "-c", 3, 2);
		String shopperToken = token(shopper, "SHOPPER");
		String orderId = json(purchase(saleId, shopperToken, 1, "k"), 201).path("id").asString();
		String seller = json(client().get().uri("/api/flash-sales/{id}", saleId).exchange(), 200).path("sellerId")
			.asString();

		client().post()
			.uri("/api/flash-sales/{id}/cancel", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();

		assertThat(order(orderId, shopperToken).path("status").asString()).isEqualTo("CANCELLED");
		for (int k = 0; k < 3; k++) {
			String other = token(shopperWithHome(saleId + "-after", 3, k), "SHOPPER");
			assertThat(json(purchase(saleId, other, 1, "k"), 409).path("type").asString()).endsWith("/cancelled");
		}
		assertThat(sale(saleId).path("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void retiresEveryBucketThenReadsFromTheRecord() {
		Instant now = Instant.now();
		Map<String, Object> body = CampaignBodies.flashSale(10, 2);
		body.put("endsAt", now.plusSeconds(3).toString());
		body.put("payWindow", "PT1S");
		body.put("buckets", 2);
		long saleId = create("/api/flash-sales", "seller-r" + now.toEpochMilli(), body);
		String shopper = shopperWithHome(saleId + "-r", 2, 1);
		String shopperToken = token(shopper, "SHOPPER");
		String orderId = json(purchase(saleId, shopperToken, 2, "k"), 201).path("id").asString();
		pay(orderId, shopperToken);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> !Boolean.TRUE
				.equals(this.redis.sismember("flashgroup:campaigns:active", saleId + ".1.2").block(TIMEOUT)));
		retire(saleId);
		this.redis.del(new CampaignKeys(saleId, 1, 2).all()).block(TIMEOUT);

		JsonNode sale = sale(saleId);
		assertThat(sale.path("sold").asLong()).isEqualTo(2);
		assertThat(sale.path("stockLeft").asLong()).isEqualTo(8);
		assertThat(sale.path("buckets").asInt()).isEqualTo(2);
		assertThat(order(orderId, shopperToken).path("status").asString()).isEqualTo("PAID");
	}

	@Test
	void rebuildsALostBucketFromTheRecordAndSellsExactlyTheRest() {
		long saleId = bucketedSale(10, 1, 2);
		String first = shopperWithHome(saleId + "-a", 2, 1);
		String firstToken = token(first, "SHOPPER");
		String firstOrder = json(purchase(saleId, firstToken, 1, "k"), 201).path("id").asString();
		pay(firstOrder, firstToken);
		json(purchase(saleId, token(shopperWithHome(saleId + "-b", 2, 1), "SHOPPER"), 1, "k"), 201);
		json(purchase(saleId, token(shopperWithHome(saleId + "-c", 2, 0), "SHOPPER"), 1, "k"), 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> storedOrders(saleId).size() == 3);
		CampaignKeys lost = new CampaignKeys(saleId, 1, 2);
		this.redis.del(lost.all()).block(TIMEOUT);

		// Until it is back, its shoppers are told to come back, and the audit names it.
		JsonNode refused = json(purchase(saleId, token(shopperWithHome(saleId + "-lost", 2, 1), "SHOPPER"), 1, "k"),
				503);
		assertThat(refused.path("type").asString()).endsWith("/unavailable");
		assertThat(audit(saleId).path("differences").toString()).contains("lost bucket(s) [1]");

		rebuildLostCampaigns();

		assertThat(this.recovery.lost()).doesNotContain(saleId);
		assertThat(total(saleId)).isEqualTo(10);
		assertThat(bucketHash(lost.state(), "sold")).isEqualTo("2");
		assertThat(bucketHash(lost.state(), "paid")).isEqualTo("1");
		assertThat(left(lost) + left(new CampaignKeys(saleId, 0, 2))).isEqualTo(7);
		// A retry of a purchase the lost bucket had accepted answers its first order.
		assertThat(json(purchase(saleId, firstToken, 1, "k"), 201).path("id").asString()).isEqualTo(firstOrder);
		assertThat(order(firstOrder, firstToken).path("status").asString()).isEqualTo("PAID");
		// A rush over both buckets sells exactly what is left.
		sellsOutExactly(saleId, 30, 7);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(audit(saleId).path("agrees").asBoolean()).isTrue());
	}

	@Test
	void rebuildsEveryBucketWhenRedisLostThemAll() {
		long saleId = bucketedSale(9, 1, 3);
		for (int k = 0; k < 3; k++) {
			json(purchase(saleId, token(shopperWithHome(saleId + "-all-" + k, 3, k), "SHOPPER"), 1, "k"), 201);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> storedOrders(saleId).size() == 3);
		for (int k = 0; k < 3; k++) {
			this.redis.del(new CampaignKeys(saleId, k, 3).all()).block(TIMEOUT);
		}

		rebuildLostCampaigns();

		assertThat(this.recovery.lost()).doesNotContain(saleId);
		assertThat(total(saleId)).isEqualTo(9);
		// What no order holds is shared out evenly: each bucket's own order counted once.
		for (int k = 0; k < 3; k++) {
			assertThat(left(new CampaignKeys(saleId, k, 3))).as("left in bucket %d", k).isEqualTo(2);
		}
		assertThat(bucketHash(new CampaignKeys(saleId).state(), "totalStock")).isEqualTo("9");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode sale = sale(saleId);
			assertThat(sale.path("sold").asLong()).isEqualTo(3);
			assertThat(sale.path("stockLeft").asLong()).isEqualTo(6);
		});
		sellsOutExactly(saleId, 20, 6);
	}

	/**
	 * A transfer credited to its home just before Redis lost that home: the rebuild
	 * leaves its units to the transfer, which the sweeper credits again once home is
	 * back, so they are counted once.
	 */
	@Test
	void creditsATransferInFlightToALostHomeOnceItIsBack() {
		long saleId = bucketedSale(6, 1, 2);
		CampaignKeys donor = new CampaignKeys(saleId, 0, 2);
		CampaignKeys home = new CampaignKeys(saleId, 1, 2);
		String transfer = UUID.randomUUID().toString();
		this.scripts.take(donor, transfer, 1, 2).block(TIMEOUT);
		assertThat(this.scripts.credit(home, transfer, 2).block(TIMEOUT)).isOne();
		this.redis.del(home.all()).block(TIMEOUT);

		rebuildLostCampaigns();

		// Given home 5 (the 2 included), the sweeper's credit would make it 7.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.redis.hlen(donor.transfers()).block(TIMEOUT)).isZero());
		assertThat(stock(home)).isEqualTo(5);
		assertThat(total(saleId)).isEqualTo(6);
		sellsOutExactly(saleId, 10, 6);
	}

	/**
	 * New shoppers race for one unit each; then they retry with the same key, as clients
	 * would after a 503 (the last units contended between buckets) or once a split sale's
	 * sold-out flag aged out, until exactly {@code units} of them hold one (a retry of a
	 * holder replays its order). The race answers 201, 409 or 503 only.
	 */
	private void sellsOutExactly(long saleId, int shoppers, long units) {
		List<String> tokens = Flux.range(0, shoppers)
			.map((i) -> token("sellout-" + saleId + "-" + i, "SHOPPER"))
			.collectList()
			.block(TIMEOUT);
		List<Rush.Answer> answers = Rush.fire(this.port, shoppers, shoppers,
				(web, i) -> web.post()
					.uri("/api/flash-sales/{id}/purchases", saleId)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
					.header("Idempotency-Key", "sellout")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("quantity", 1)));
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isIn(201, 409, 503));
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(tokens.stream()
				.filter((token) -> purchase(saleId, token, 1, "sellout").returnResult(String.class)
					.getStatus()
					.value() == 201)
				.count()).isEqualTo(units));
	}

	@Test
	void rejectsABadNumberOfBuckets() {
		for (Object buckets : List.of(0, 17, "two")) {
			Map<String, Object> body = CampaignBodies.flashSale(10, 1);
			body.put("buckets", buckets);
			JsonNode problem = json(client().post()
				.uri("/api/flash-sales")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bad-buckets", "SELLER"))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange(), 400);
			assertThat(problem.path("type").asString()).matches(".*/(validation|malformed-request)");
		}
		Map<String, Object> body = CampaignBodies.flashSale(2, 1);
		body.put("buckets", 3);
		JsonNode problem = json(client().post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bad-buckets", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 400);
		assertThat(problem.path("errors").path("buckets").asString()).isEqualTo("must not exceed stock");
	}

	@Test
	void keepsASaleNotSplitOnItsOwnTagAlone() {
		long saleId = liveSale(5, 1);
		json(purchase(saleId, token("single-" + saleId, "SHOPPER"), 1, "k"), 201);

		assertThat(this.redis.hget(new CampaignKeys(saleId).state(), "buckets").block(TIMEOUT)).isNull();
		assertThat(this.redis.exists(new CampaignKeys(saleId, 1, 2).state()).block(TIMEOUT)).isZero();
		assertThat(this.redis.smembers("flashgroup:campaigns:active").collectList().block(TIMEOUT))
			.noneMatch((member) -> member.startsWith(saleId + "."));
		assertThat(sale(saleId).path("buckets").asInt()).isEqualTo(1);
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(4);
	}

	private long bucketedSale(int stock, int perUserLimit, int buckets) {
		Map<String, Object> body = CampaignBodies.flashSale(stock, perUserLimit);
		body.put("buckets", buckets);
		return create("/api/flash-sales", "seller-" + System.nanoTime(), body);
	}

	/** A fresh user id whose home bucket is {@code bucket}. */
	private static String shopperWithHome(String prefix, int buckets, int bucket) {
		for (int i = 0;; i++) {
			String user = "shopper-" + prefix + "-" + i;
			if (FlashSaleBuckets.home(user, buckets) == bucket) {
				return user;
			}
		}
	}

	private long stock(CampaignKeys bucket) {
		return Long.parseLong(this.redis.hget(bucket.state(), "stock").block(TIMEOUT));
	}

	private long left(CampaignKeys bucket) {
		return stock(bucket) - Long.parseLong(this.redis.hget(bucket.state(), "sold").block(TIMEOUT));
	}

	private String bucketHash(String key, String field) {
		return this.redis.hget(key, field).block(TIMEOUT);
	}

	/** Every bucket's stock plus the units in flight: the sale's stock, always. */
	private long total(long saleId) {
		int count = this.buckets.of(saleId).block(TIMEOUT);
		long total = 0;
		for (int k = 0; k < count; k++) {
			CampaignKeys bucket = new CampaignKeys(saleId, k, count);
			total += stock(bucket);
			total += this.redis.hvals(bucket.transfers())
				.map((t) -> Long.parseLong(t.split(":")[1]))
				.reduce(0L, Long::sum)
				.block(TIMEOUT);
		}
		return total;
	}

}
