package io.flashgroup.ops;

import java.time.Duration;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CampaignAuditIntegrationTests extends IntegrationTestSupport {

	@Test
	void agreesOnceTheOutboxIsDrained() {
		long saleId = liveSale(10, 3);
		String alice = token("audit-alice", "SHOPPER");
		String bob = token("audit-bob", "SHOPPER");
		String paid = json(purchase(saleId, alice, 2, "a1"), 201).path("id").asString();
		json(purchase(saleId, bob, 3, "b1"), 201);
		json(client().post()
			.uri("/api/orders/{id}/payment", paid)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
			.exchange(), 200);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(audit(saleId).path("agrees").asBoolean())
				.as("audit agrees once flushed: %s", audit(saleId))
				.isTrue());

		JsonNode report = audit(saleId);
		assertThat(report.path("kind").asString()).isEqualTo("FLASH_SALE");
		assertThat(report.path("stock").asInt()).isEqualTo(10);
		assertThat(report.path("redis").path("sold").asLong()).isEqualTo(5);
		assertThat(report.path("redis").path("stockLeft").asLong()).isEqualTo(5);
		assertThat(report.path("redis").path("heldUnits").asLong()).isEqualTo(5);
		for (String side : new String[] { "redis", "postgres" }) {
			JsonNode orders = report.path(side).path("orders");
			assertThat(orders.path("PAID").path("orders").asLong()).isEqualTo(1);
			assertThat(orders.path("PAID").path("units").asLong()).isEqualTo(2);
			assertThat(orders.path("RESERVED").path("orders").asLong()).isEqualTo(1);
			assertThat(orders.path("RESERVED").path("units").asLong()).isEqualTo(3);
		}
		assertThat(report.path("outbox").path("entries").asLong()).isZero();
		assertThat(report.path("invariants").path("noOversell").asBoolean()).isTrue();
		assertThat(report.path("invariants").path("heldMatchesSold").asBoolean()).isTrue();
		assertThat(report.path("differences")).isEmpty();
	}

	@Test
	void neverTakesARedisThatLostALiveCampaignForTheTruth() {
		long saleId = liveSale(10, 3);
		json(purchase(saleId, token("audit-dave", "SHOPPER"), 2, "d1"), 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());

		// A restart without persistence: every key of the live sale is gone.
		loseHotState(saleId);

		JsonNode report = audit(saleId);
		assertThat(report.path("redis").path("present").asBoolean()).isFalse();
		assertThat(report.path("agrees").asBoolean()).isFalse();
		assertThat(report.path("differences").toString()).contains("Redis lost the campaign's state");

		// Until it is rebuilt, the lost campaign must not hold back any other campaign's
		// flush.
		long otherSale = liveSale(5, 1);
		String orderId = json(purchase(otherSale, token("audit-erin", "SHOPPER"), 1, "e1"), 201).path("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(otherSale)).containsEntry(orderId, "RESERVED"));
	}

	@Test
	void reportsAnOversoldCounterAndARowMissingFromPostgres() {
		long saleId = liveSale(4, 4);
		String orderId = json(purchase(saleId, token("audit-carol", "SHOPPER"), 1, "c1"), 201).path("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());

		CampaignKeys keys = new CampaignKeys(saleId);
		this.redis.hset(keys.state(), "sold", "5").block(Duration.ofSeconds(5));
		this.db.sql("DELETE FROM orders WHERE id = $1::uuid").bind(0, orderId).then().block(Duration.ofSeconds(5));

		JsonNode report = audit(saleId);
		assertThat(report.path("agrees").asBoolean()).isFalse();
		assertThat(report.path("invariants").path("noOversell").asBoolean()).isFalse();
		assertThat(report.path("invariants").path("heldMatchesSold").asBoolean()).isFalse();
		assertThat(report.path("differences").toString()).contains("oversold")
			.contains("RESERVED: Redis 1 orders / 1 units, PostgreSQL 0 / 0");
	}

	@Test
	void isForOpsOnlyAndAnswersUnknownCampaignsWithNotFound() {
		long saleId = liveSale(1, 1);
		client().get()
			.uri("/api/ops/campaigns/{id}/audit", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("audit-seller", "SELLER", "SHOPPER"))
			.exchange()
			.expectStatus()
			.isForbidden();
		for (String id : new String[] { "999999999", "abc", "-1" }) {
			assertThat(json(client().get()
				.uri("/api/ops/campaigns/{id}/audit", id)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("audit-ops", "OPS"))
				.exchange(), 404).path("type").asString()).endsWith("/not-found");
		}
	}

}
