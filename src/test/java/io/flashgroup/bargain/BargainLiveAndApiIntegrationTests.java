package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BargainLiveAndApiIntegrationTests extends BargainTestSupport {

	@Test
	void aWatcherOfASessionSeesEveryCutInOrder() {
		long id = bargain(500, 5, 5, 1, 5, Duration.ofMinutes(30));
		String owner = token("watch-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		Watcher watcher = watchTopic("bargain:" + sessionId);
		List<JsonNode> received = watcher.received();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			for (int i = 0; i < 5; i++) {
				json(cut(sessionId, token("watch-helper-" + i + "-" + id, "SHOPPER")), 201);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 7);
		}
		finally {
			watcher.close();
		}

		List<JsonNode> states = received.subList(1, received.size());
		assertThat(states.get(0).path("type").asString()).isEqualTo("snapshot");
		assertThat(states.stream().map((m) -> m.path("seq").asLong()).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(states.stream().map((m) -> m.path("state").path("cutsLeft").asInt()).toList()).containsExactly(5, 4,
				3, 2, 1, 0);
		assertThat(states.stream().map((m) -> m.path("state").path("currentPrice").asLong()).toList())
			.isSortedAccordingTo((a, b) -> Long.compare(b, a));
		JsonNode last = states.get(states.size() - 1).path("state");
		assertThat(last.path("currentPrice").asLong()).isEqualTo(9_500);
		assertThat(last.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(last.path("lastHelper").asString()).isEqualTo("watch-helper-4-" + id);
	}

	@Test
	void rejectsTermsThatCannotBeCutAndAnswersUnknownIdsWithNotFound() {
		Instant now = Instant.now();
		JsonNode problem = json(client().post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bargain-bad-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "S", "title", "T", "currency", "EUR", "listPrice", 100, "floorPrice", 95,
					"helpersNeeded", 10, "sessionTtl", "PT1H", "stock", 1, "startsAt", now.toString(), "endsAt",
					now.plusSeconds(600).toString()))
			.exchange(), 400);
		assertThat(type(problem)).isEqualTo("validation");
		assertThat(problem.path("errors").propertyNames()).contains("helpersNeeded");
		assertThat(type(json(client().get().uri("/api/bargains/424242424").exchange(), 404))).isEqualTo("not-found");
		assertThat(type(json(client().get().uri("/api/bargain-sessions/nope").exchange(), 404))).isEqualTo("not-found");
		assertThat(type(json(start(liveSale(1, 1), token("bargain-confused", "SHOPPER")), 404))).isEqualTo("not-found");
	}

	@Test
	void theKillSwitchClosesOpenSessionsAndReleasesUnpaidPurchases() {
		long id = bargain(100, 2, 5, 1, 5, Duration.ofMinutes(30));
		String open = token("kill-open-" + id, "SHOPPER");
		String buyer = token("kill-buyer-" + id, "SHOPPER");
		String openSession = json(start(id, open), 201).path("id").asString();
		String boughtSession = json(start(id, buyer), 201).path("id").asString();
		String orderId = json(buy(boughtSession, buyer), 201).path("order").path("id").asString();

		JsonNode cancelled = json(client().post()
			.uri("/api/bargains/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bargain-seller", "SELLER"))
			.exchange(), 200);
		assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.path("stockLeft").asLong()).isEqualTo(5);
		assertThat(session(openSession).path("status").asString()).isEqualTo("CANCELLED");
		// Its purchase released, the bought session ends with the campaign.
		assertThat(session(boughtSession).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(json(client().get()
			.uri("/api/orders/{id}", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + buyer)
			.exchange(), 200).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(type(json(start(id, token("kill-late-" + id, "SHOPPER")), 409))).isEqualTo("cancelled");
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
	}

}
