package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every public read of a bargain answers the same before and after its keys retire. */
class BargainRetirementIntegrationTests extends BargainTestSupport {

	@Test
	void everyPublicReadAnswersTheSameOnceTheCampaignRetired() {
		long run = System.nanoTime();
		String buyer = token("retire-buyer-" + run, "SHOPPER");
		String idle = token("retire-idle-" + run, "SHOPPER");
		String floor = token("retire-floor-" + run, "SHOPPER");
		String lapsed = token("retire-lapsed-" + run, "SHOPPER");
		List<String> helpers = List.of(token("retire-helper-1-" + run, "SHOPPER"),
				token("retire-helper-2-" + run, "SHOPPER"), token("retire-helper-3-" + run, "SHOPPER"));
		// The window starts once the tokens are there: the campaign ends a few seconds
		// after the last step.
		long id = bargain(1_000, 2, 6, 1, 5, Duration.ofMinutes(30), Duration.ofSeconds(1),
				Instant.now().plusSeconds(10));

		String bought = json(start(id, buyer), 201).path("id").asString();
		json(cut(bought, helpers.get(0)), 201);
		String paidOrder = json(buy(bought, buyer), 201).path("order").path("id").asString();
		pay(paidOrder, buyer);
		String expired = json(start(id, idle), 201).path("id").asString();
		String completed = json(start(id, floor), 201).path("id").asString();
		json(cut(completed, helpers.get(1)), 201);
		json(cut(completed, helpers.get(2)), 201);
		String unpaid = json(start(id, lapsed), 201).path("id").asString();
		String lapsedOrder = json(buy(unpaid, lapsed), 201).path("order").path("id").asString();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(campaign(id).path("status").asString()).isEqualTo("ENDED");
			assertThat(session(completed).path("status").asString()).isEqualTo("EXPIRED");
			assertThat(order(lapsedOrder, lapsed).path("status").asString()).isEqualTo("EXPIRED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		Map<String, JsonNode> before = reads(id, List.of(bought, expired, completed, unpaid),
				Map.of(paidOrder, buyer, lapsedOrder, lapsed));
		assertThat(before.get("campaign").path("stockLeft").asLong()).isEqualTo(5);
		assertThat(before.get("session " + bought).path("status").asString()).isEqualTo("PURCHASED");

		retire(id);

		Map<String, JsonNode> after = reads(id, List.of(bought, expired, completed, unpaid),
				Map.of(paidOrder, buyer, lapsedOrder, lapsed));
		assertThat(after).isEqualTo(before);
	}

	/** Every public read of the campaign, by name, without {@code serverTime}. */
	private Map<String, JsonNode> reads(long id, List<String> sessions, Map<String, String> orders) {
		Map<String, JsonNode> reads = new LinkedHashMap<>();
		reads.put("campaign", withoutServerTime(campaign(id)));
		for (String session : sessions) {
			reads.put("session " + session, session(session));
			reads.put("topic " + session, snapshot("bargain:" + session));
		}
		orders.forEach((order, owner) -> {
			reads.put("order " + order, order(order, owner));
			reads.put("orders of " + order,
					json(client().get()
						.uri("/api/me/orders")
						.header(HttpHeaders.AUTHORIZATION, "Bearer " + owner)
						.exchange(), 200));
		});
		return reads;
	}

	/** A topic's snapshot: its seq and state. */
	private JsonNode snapshot(String topic) {
		JsonNode snapshot = liveSnapshot(topic);
		assertThat(snapshot.path("type").asString()).as(topic).isEqualTo("snapshot");
		return withoutServerTime(snapshot);
	}

	private static JsonNode withoutServerTime(JsonNode node) {
		return ((tools.jackson.databind.node.ObjectNode) node.deepCopy()).without("serverTime");
	}

}
