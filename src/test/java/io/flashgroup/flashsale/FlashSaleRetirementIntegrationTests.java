package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every public read of a flash sale answers the same before and after its keys retire.
 */
class FlashSaleRetirementIntegrationTests extends IntegrationTestSupport {

	@Test
	void everyPublicReadAnswersTheSameOnceTheSaleRetired() {
		String payer = token("retire-payer-" + System.nanoTime(), "SHOPPER");
		String lapsed = token("retire-lapsed-" + System.nanoTime(), "SHOPPER");
		// Warmed up (scripts loaded) and with the tokens there, the sale ends a few
		// seconds after the last step.
		json(purchase(liveSale(1, 1), payer, 1, "warm-up"), 201);
		Instant now = Instant.now();
		long id = createSale("retire-seller", 10, 3, now.minusSeconds(5), now.plusSeconds(10), Duration.ofSeconds(1));
		String paid = json(purchase(id, payer, 2, "p"), 201).path("id").asString();
		json(client().post()
			.uri("/api/orders/{id}/payment", paid)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + payer)
			.exchange(), 200);
		String unpaid = json(purchase(id, lapsed, 1, "u"), 201).path("id").asString();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(sale(id).path("status").asString()).isEqualTo("ENDED");
			assertThat(storedOrders(id)).containsEntry(paid, "PAID").containsEntry(unpaid, "EXPIRED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		Map<String, JsonNode> before = reads(id, Map.of(paid, payer, unpaid, lapsed));
		assertThat(before.get("sale").path("stockLeft").asLong()).isEqualTo(8);
		String late = token("retire-late-" + System.nanoTime(), "SHOPPER");
		JsonNode ended = json(purchase(id, late, 1, "late-1"), 409);
		assertThat(ended.path("type").asString()).endsWith("/ended");

		retire(id);

		assertThat(reads(id, Map.of(paid, payer, unpaid, lapsed))).isEqualTo(before);
		// A purchase after retirement is refused as before it, not as a sale that never
		// was.
		assertThat(json(purchase(id, late, 1, "late-2"), 409).path("detail")).isEqualTo(ended.path("detail"));
	}

	private Map<String, JsonNode> reads(long id, Map<String, String> orders) {
		Map<String, JsonNode> reads = new LinkedHashMap<>();
		reads.put("sale", ((ObjectNode) sale(id).deepCopy()).without("serverTime"));
		// The topic's seq lived in Redis only: a watcher after retirement starts a new
		// count.
		reads.put("topic", ((ObjectNode) liveSnapshot("flash-sale:" + id).path("state").deepCopy()).without("seq"));
		orders.forEach((order, owner) -> {
			reads.put("order " + order,
					json(client().get()
						.uri("/api/orders/{id}", order)
						.header(HttpHeaders.AUTHORIZATION, "Bearer " + owner)
						.exchange(), 200));
			reads.put("orders of " + owner,
					json(client().get()
						.uri("/api/me/orders")
						.header(HttpHeaders.AUTHORIZATION, "Bearer " + owner)
						.exchange(), 200));
		});
		return reads;
	}

}
