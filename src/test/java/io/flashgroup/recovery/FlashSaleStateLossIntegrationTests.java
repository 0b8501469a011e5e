package io.flashgroup.recovery;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses a live flash sale's state (a restart without persistence): the server says
 * so, then rebuilds it from PostgreSQL, and shoppers find the sale as it was.
 */
class FlashSaleStateLossIntegrationTests extends IntegrationTestSupport {

	@Test
	void rebuildsALostSaleFromPostgresWithItsStockLimitsKeysAndReservations() {
		long saleId = liveSale(10, 3);
		String alice = token("loss-alice", "SHOPPER"), bob = token("loss-bob", "SHOPPER");
		String carol = token("loss-carol", "SHOPPER"), dave = token("loss-dave", "SHOPPER");
		String reserved = json(purchase(saleId, alice, 2, "a1"), 201).path("id").asString();
		json(purchase(saleId, bob, 3, "b1"), 201);
		String paid = json(purchase(saleId, carol, 1, "c1"), 201).path("id").asString();
		pay(paid, carol);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());
		JsonNode before = withoutServerTime(sale(saleId));
		JsonNode orderBefore = order(reserved, alice);

		loseHotState(saleId);

		JsonNode lost = audit(saleId);
		assertThat(lost.path("agrees").asBoolean()).isFalse();
		assertThat(lost.path("redis").path("present").asBoolean()).isFalse();
		assertThat(lost.path("differences").toString()).contains("Redis lost the campaign's state");
		// Until it is rebuilt: the sale still reads as live (from PostgreSQL), and a
		// purchase
		// is told to come back, not that the sale does not exist.
		assertThat(sale(saleId).path("status").asString()).isEqualTo("LIVE");
		assertThat(sale(saleId).path("stockLeft").asInt()).isEqualTo(4);
		WebTestClient.ResponseSpec retry = purchase(saleId, dave, 1, "d0");
		retry.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2");
		assertThat(json(retry, 503).path("type").asString()).endsWith("/unavailable");

		assertThat(rebuildLostCampaigns()).isGreaterThanOrEqualTo(1);

		JsonNode after = audit(saleId);
		assertThat(after.path("agrees").asBoolean()).as("audit after the rebuild: %s", after).isTrue();
		assertThat(after.path("redis").path("sold").asLong()).isEqualTo(6);
		assertThat(after.path("recoveries").get(0).path("orders").asInt()).isEqualTo(3);
		assertThat(withoutServerTime(sale(saleId))).isEqualTo(before);
		assertThat(order(reserved, alice)).isEqualTo(orderBefore);
		assertThat(json(client().get().uri("/actuator/health").exchange(), 200).path("components")
			.path("recovery")
			.path("details")
			.path("rebuiltCampaigns")
			.asLong()).isPositive();

		// Limits, idempotency keys and the stock left hold as before the loss.
		assertThat(json(purchase(saleId, bob, 1, "b2"), 409).path("type").asString()).endsWith("/limit-reached");
		assertThat(json(purchase(saleId, alice, 2, "a1"), 201).path("id").asString()).isEqualTo(reserved);
		assertThat(pay(reserved, alice).path("status").asString()).isEqualTo("PAID");
		json(purchase(saleId, dave, 3, "d1"), 201);
		json(purchase(saleId, token("loss-erin", "SHOPPER"), 1, "e1"), 201);
		assertThat(json(purchase(saleId, token("loss-frank", "SHOPPER"), 1, "f1"), 409).path("type").asString())
			.endsWith("/sold-out");
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());
		assertThat(audit(saleId).path("postgres").path("heldUnits").asLong()).isEqualTo(10);
	}

	@Test
	void aReservationWhosePayWindowRanOutDuringTheOutageExpiresOnceRebuilt() {
		Instant now = Instant.now();
		long saleId = createSale("loss-seller", 5, 2, now.minusSeconds(5), now.plusSeconds(3600),
				Duration.ofSeconds(2));
		String grace = token("loss-grace", "SHOPPER");
		String orderId = json(purchase(saleId, grace, 2, "g1"), 201).path("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> storedOrders(saleId).containsKey(orderId));
		loseHotState(saleId);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Instant.now().isAfter(Instant.parse(order(orderId, grace).path("payBy").asString())));

		rebuildLostCampaigns();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(orderId, "EXPIRED"));
		assertThat(sale(saleId).path("stockLeft").asInt()).isEqualTo(5);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());
	}

	@Test
	void aRetiredCampaignIsNotTakenForLost() {
		Instant now = Instant.now();
		long saleId = createSale("loss-seller", 5, 2, now.minusSeconds(5), now.plusSeconds(2), Duration.ofSeconds(1));
		json(purchase(saleId, token("loss-henry", "SHOPPER"), 1, "h1"), 201);
		retire(saleId);

		rebuildLostCampaigns();

		assertThat(this.redis.exists(new CampaignKeys(saleId).state()).block(Duration.ofSeconds(5))).isZero();
		assertThat(audit(saleId).path("agrees").asBoolean()).isTrue();
		assertThat(audit(saleId).path("recoveries")).isEmpty();
	}

	private static JsonNode withoutServerTime(JsonNode view) {
		((ObjectNode) view).remove("serverTime");
		return view;
	}

}
