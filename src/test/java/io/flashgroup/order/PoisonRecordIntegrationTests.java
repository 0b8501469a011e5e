package io.flashgroup.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record PostgreSQL refuses (here a NUL in a text field, which no API path lets in any
 * more, so it is written into the outbox directly) is isolated, dead-lettered, reported
 * and replayable; the records around it are flushed.
 */
class PoisonRecordIntegrationTests extends IntegrationTestSupport {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Duration REDIS = Duration.ofSeconds(5);

	@Autowired
	private MeterRegistry meters;

	@Test
	void deadLettersARecordPostgresRefusesAndFlushesTheOthersOfItsBatch() {
		long saleId = liveSale(10, 1);
		CampaignKeys keys = new CampaignKeys(saleId);
		double deadBefore = deadCounted();
		// Off the active set, the flusher leaves the outbox alone, so the good orders and
		// the poison land in one batch, as they did in the fault campaign.
		this.redis.srem("flashgroup:campaigns:active", Long.toString(saleId)).block(REDIS);
		String alice = json(purchase(saleId, token("poison-alice", "SHOPPER"), 1, "a1"), 201).path("id").asString();
		String poisonId = OrderId.next(saleId, Instant.now().toEpochMilli()).toString();
		String poison = order(poisonId, saleId, "mal\\u0000lory");
		this.redis.xadd(keys.outbox(), Map.of("order", poison)).block(REDIS);
		String bob = json(purchase(saleId, token("poison-bob", "SHOPPER"), 1, "b1"), 201).path("id").asString();
		this.redis.sadd("flashgroup:campaigns:active", Long.toString(saleId)).block(REDIS);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(storedOrders(saleId)).containsOnlyKeys(alice, bob);
			assertThat(this.redis.xlen(keys.outbox()).block(REDIS)).isZero();
			assertThat(this.redis.xpending(keys.outbox(), OrderFlusher.GROUP).block(REDIS).getCount()).isZero();
			assertThat(this.redis.xlen(keys.deadLetters()).block(REDIS)).isEqualTo(1);
		});
		StreamMessage<String, String> dead = deadLetters(keys).get(0);
		assertThat(dead.getBody()).containsEntry("order", poison);
		assertThat(dead.getBody().get("error")).contains("0x00");
		assertThat(deadCounted() - deadBefore).isEqualTo(1);
		JsonNode outbox = json(client().get().uri("/actuator/health").exchange(), 200).path("components")
			.path("outbox");
		assertThat(outbox.path("status").asString()).isEqualTo("UP");
		assertThat(outbox.path("details").path("deadLetters").asLong()).isPositive();
		assertThat(outbox.path("details").path("deadLetterCampaigns").toString()).contains(Long.toString(saleId));
		JsonNode report = audit(saleId);
		assertThat(report.path("outbox").path("deadLetters").asLong()).isEqualTo(1);
		assertThat(report.path("agrees").asBoolean()).isFalse();
		assertThat(report.path("differences").toString()).contains("1 outbox entries dead-lettered");

		// Ops fix the record (here: rewrite it in place) and replay it.
		String fixed = order(poisonId, saleId, "mallory");
		this.redis.xdel(keys.deadLetters(), dead.getId()).block(REDIS);
		this.redis.xadd(keys.deadLetters(), Map.of("order", fixed, "error", dead.getBody().get("error"))).block(REDIS);
		assertThat(replay(saleId).path("replayed").asLong()).isEqualTo(1);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(storedOrders(saleId)).containsOnlyKeys(alice, bob, poisonId);
			assertThat(this.redis.xlen(keys.deadLetters()).block(REDIS)).isZero();
			assertThat(audit(saleId).path("outbox").path("deadLetters").asLong()).isZero();
		});
		assertThat(audit(saleId).path("differences").toString()).doesNotContain("dead-lettered");
	}

	/**
	 * A split sale's dead letters sit in each bucket's own stream; a replay moves all.
	 */
	@Test
	void replaysTheDeadLettersOfEveryBucketOfASplitSale() {
		Map<String, Object> body = CampaignBodies.flashSale(10, 1);
		body.put("buckets", 2);
		long saleId = json(client().post()
			.uri("/api/flash-sales")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("poison-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 201).path("id").asLong();
		CampaignKeys bucket = new CampaignKeys(saleId, 1, 2);
		String orderId = OrderId.next(bucket, Instant.now().toEpochMilli()).toString();
		this.redis.xadd(bucket.deadLetters(), Map.of("order", order(orderId, saleId, "fixed"), "error", "refused"))
			.block(REDIS);
		assertThat(audit(saleId).path("outbox").path("deadLetters").asLong()).isEqualTo(1);

		assertThat(replay(saleId).path("replayed").asLong()).isEqualTo(1);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(storedOrders(saleId)).containsOnlyKeys(orderId);
			assertThat(this.redis.xlen(bucket.deadLetters()).block(REDIS)).isZero();
		});
	}

	@Test
	void deadLettersAGroupWhoseMemberNamePostgresRefusesAndKeepsItsEarlierVersion() {
		long campaignId = groupBuy();
		CampaignKeys keys = new CampaignKeys(campaignId);
		double deadBefore = deadCounted("group");
		this.redis.srem("flashgroup:campaigns:active", Long.toString(campaignId)).block(REDIS);
		String groupA = openGroup(campaignId, "poison-gina");
		String groupB = openGroup(campaignId, "poison-hugo");
		String json = this.redis.hget(keys.groups(), groupB).block(REDIS);
		Matcher version = Pattern.compile("\"version\":(\\d+)").matcher(json);
		assertThat(version.find()).isTrue();
		String next = "\"version\":" + (Integer.parseInt(version.group(1)) + 1);
		String poison = version.replaceFirst(next).replace("\"name\":\"", "\"name\":\"\\u0000");
		this.redis.xadd(keys.outbox(), Map.of("group", poison)).block(REDIS);
		this.redis.sadd("flashgroup:campaigns:active", Long.toString(campaignId)).block(REDIS);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(storedOrders(campaignId)).hasSize(2);
			assertThat(storedGroupVersion(groupA)).isEqualTo(1);
			assertThat(storedGroupVersion(groupB)).isEqualTo(1);
			assertThat(this.redis.xlen(keys.outbox()).block(REDIS)).isZero();
			assertThat(this.redis.xlen(keys.deadLetters()).block(REDIS)).isEqualTo(1);
		});
		StreamMessage<String, String> dead = deadLetters(keys).get(0);
		assertThat(dead.getBody()).containsEntry("group", poison).containsKey("error");
		assertThat(deadCounted("group") - deadBefore).isEqualTo(1);

		this.redis.xdel(keys.deadLetters(), dead.getId()).block(REDIS);
		this.redis.xadd(keys.deadLetters(), Map.of("group", poison.replace("\\u0000", ""), "error", "fixed"))
			.block(REDIS);
		assertThat(replay(campaignId).path("replayed").asLong()).isEqualTo(1);
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(storedGroupVersion(groupB)).isEqualTo(2);
			assertThat(this.redis.xlen(keys.deadLetters()).block(REDIS)).isZero();
		});
	}

	@Test
	void aCampaignHoldingADeadLetterDoesNotRetireUntilItIsReplayed() {
		Instant now = Instant.now();
		long saleId = createSale("poison-ending-seller", 5, 1, now.minusSeconds(5), now.plusSeconds(6),
				Duration.ofSeconds(1));
		CampaignKeys keys = new CampaignKeys(saleId);
		String poisonId = OrderId.next(saleId, now.toEpochMilli()).toString();
		String poison = order(poisonId, saleId, "ni\\u0000na");
		this.redis.xadd(keys.outbox(), Map.of("order", poison)).block(REDIS);
		await().atMost(PATIENCE).until(() -> this.redis.xlen(keys.deadLetters()).block(REDIS) == 1);

		// Ended and flushed, but a record is not in PostgreSQL: its keys must not expire.
		await().atMost(PATIENCE).until(() -> "ENDED".equals(sale(saleId).path("status").asString()));
		await().atMost(PATIENCE)
			.during(Duration.ofSeconds(2))
			.until(() -> this.redis.sismember("flashgroup:campaigns:active", Long.toString(saleId)).block(REDIS)
					&& this.redis.ttl(keys.deadLetters()).block(REDIS) == -1);

		StreamMessage<String, String> dead = deadLetters(keys).get(0);
		this.redis.xdel(keys.deadLetters(), dead.getId()).block(REDIS);
		this.redis.xadd(keys.deadLetters(), Map.of("order", order(poisonId, saleId, "nina"), "error", "fixed"))
			.block(REDIS);
		assertThat(replay(saleId).path("replayed").asLong()).isEqualTo(1);
		retire(saleId);
		assertThat(storedOrders(saleId)).containsOnlyKeys(poisonId);
	}

	@Test
	void replayIsForOpsOnlyAndAnswersUnknownCampaignsWithNotFound() {
		long saleId = liveSale(1, 1);
		client().post()
			.uri("/api/ops/campaigns/{id}/dead-letters/replay", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("replay-seller", "SELLER", "SHOPPER"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(replay(saleId).path("replayed").asLong()).isZero();
		for (String id : new String[] { "999999999", "abc" }) {
			assertThat(json(client().post()
				.uri("/api/ops/campaigns/{id}/dead-letters/replay", id)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("replay-ops", "OPS"))
				.exchange(), 404).path("type").asString()).endsWith("/not-found");
		}
	}

	private long groupBuy() {
		Instant now = Instant.now();
		Map<String, Object> body = Map.ofEntries(Map.entry("sku", "SKU-P"), Map.entry("title", "Poison tea set"),
				Map.entry("currency", "EUR"), Map.entry("groupPrice", 1000), Map.entry("soloPrice", 2000),
				Map.entry("groupSize", 3), Map.entry("groupTtl", "PT10M"), Map.entry("stock", 10),
				Map.entry("perUserLimit", 1), Map.entry("startsAt", now.minusSeconds(5).toString()),
				Map.entry("endsAt", now.plusSeconds(3600).toString()), Map.entry("payWindow", "PT10M"));
		return json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("poison-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 201).path("id").asLong();
	}

	/** Opens a group as {@code shopper}; returns the group id. */
	private String openGroup(long campaignId, String shopper) {
		return json(client().post()
			.uri("/api/group-buys/{id}/groups", campaignId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(shopper, "SHOPPER"))
			.header("Idempotency-Key", shopper)
			.exchange(), 201).path("group").path("id").asString();
	}

	private int storedGroupVersion(String groupId) {
		return this.db.sql("SELECT version FROM groups WHERE id = $1::uuid")
			.bind(0, groupId)
			.map((row) -> row.get("version", Integer.class))
			.one()
			.defaultIfEmpty(0)
			.block(REDIS);
	}

	private static String order(String id, long saleId, String userJson) {
		long now = Instant.now().toEpochMilli();
		return """
				{"id":"%s","campaignId":%d,"kind":"FLASH_SALE","userId":"%s","quantity":1,"unitPrice":100,\
				"currency":"EUR","status":"RESERVED","version":1,"createdAt":%d,"updatedAt":%d,"payBy":%d,\
				"idempotencyKey":"p1","paymentRef":""}""".formatted(id, saleId, userJson, now, now, now + 600_000);
	}

	private List<StreamMessage<String, String>> deadLetters(CampaignKeys keys) {
		return this.redis.xrange(keys.deadLetters(), Range.create("-", "+")).collectList().block(REDIS);
	}

	private double deadCounted() {
		return deadCounted("order");
	}

	private double deadCounted(String kind) {
		Counter counter = this.meters.find("flashgroup.outbox.dead").tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private JsonNode replay(long campaignId) {
		return json(client().post()
			.uri("/api/ops/campaigns/{id}/dead-letters/replay", campaignId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("poison-ops", "OPS"))
			.exchange(), 200);
	}

}
