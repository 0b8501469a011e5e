package io.flashgroup.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.flashgroup.IntegrationTestSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A topic's watchers see exactly what the public {@code GET} of its subject shows: every
 * field of a snapshot's and an update's {@code state} exists in the view with an equal
 * value (epoch ms against ISO-8601 for times), except the bookkeeping in
 * {@link #TOPIC_ONLY}.
 */
class TopicStateMatchesPublicViewIntegrationTests extends IntegrationTestSupport {

	/** Top-level fields a topic may carry that the view does not: its sequence number. */
	static final Set<String> TOPIC_ONLY = Set.of("seq", "version");

	@Test
	void aFlashSaleTopicShowsWhatItsPublicViewShows() {
		long saleId = liveSale(10, 5);
		String shopper = token("topic-sale-" + saleId, "SHOPPER");
		watchAndCompare("flash-sale:" + saleId, () -> get("/api/flash-sales/" + saleId), () -> {
			String orderId = json(purchase(saleId, shopper, 2, "t1"), 201).path("id").asString();
			pay(orderId, shopper);
			json(purchase(saleId, shopper, 1, "t2"), 201);
		});
	}

	@Test
	void aBargainSessionTopicShowsWhatItsPublicViewShows() {
		long id = bargain();
		String owner = token("topic-owner-" + id, "SHOPPER");
		String sessionId = post("/api/bargains/" + id + "/sessions", owner).path("id").asString();
		watchAndCompare("bargain:" + sessionId, () -> get("/api/bargain-sessions/" + sessionId), () -> {
			post("/api/bargain-sessions/" + sessionId + "/cuts", token("topic-helper-1-" + id, "SHOPPER"));
			post("/api/bargain-sessions/" + sessionId + "/cuts", token("topic-helper-2-" + id, "SHOPPER"));
			String orderId = post("/api/bargain-sessions/" + sessionId + "/purchase", owner).path("order")
				.path("id")
				.asString();
			pay(orderId, owner);
		});
		// A fresh watcher of the bought session gets the same public form.
		watchAndCompare("bargain:" + sessionId, () -> get("/api/bargain-sessions/" + sessionId), () -> {
		});
	}

	@Test
	void aGroupBuyTopicShowsWhatItsPublicViewShows() {
		long id = groupBuy();
		String leader = token("topic-leader-" + id, "SHOPPER");
		String member = token("topic-member-" + id, "SHOPPER");
		watchAndCompare("group-buy:" + id, () -> get("/api/group-buys/" + id), () -> {
			JsonNode opened = seat("/api/group-buys/" + id + "/groups", leader);
			pay(opened.path("order").path("id").asString(), leader);
			seat("/api/groups/" + opened.path("group").path("id").asString() + "/members", member);
		});
	}

	@Test
	void aGroupTopicShowsWhatItsPublicViewShows() {
		long id = groupBuy();
		String leader = token("topic-gleader-" + id, "SHOPPER");
		String member = token("topic-gmember-" + id, "SHOPPER");
		JsonNode opened = seat("/api/group-buys/" + id + "/groups", leader);
		String groupId = opened.path("group").path("id").asString();
		watchAndCompare("group:" + groupId, () -> get("/api/groups/" + groupId), () -> {
			pay(opened.path("order").path("id").asString(), leader);
			JsonNode joined = seat("/api/groups/" + groupId + "/members", member);
			pay(joined.path("order").path("id").asString(), member);
		});
	}

	/**
	 * Compares the snapshot with the view read just before subscribing, makes the
	 * changes, then compares the last update with the view once they converge; reports
	 * the differences of both at once.
	 */
	private void watchAndCompare(String topic, Supplier<JsonNode> view, Runnable changes) {
		JsonNode before = view.get();
		List<String> differences = new ArrayList<>();
		try (Watcher watcher = watchTopic(topic)) {
			List<JsonNode> received = watcher.received();
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			JsonNode snapshot = received.get(1);
			assertThat(snapshot.path("type").asString()).isEqualTo("snapshot");
			differences("snapshot", snapshot.path("state"), before, differences);
			int seen = received.size();
			changes.run();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> differences("", received.get(received.size() - 1).path("state"), view.get(),
							new ArrayList<>())
						.isEmpty());
			}
			catch (ConditionTimeoutException ex) {
				differences("update", received.get(received.size() - 1).path("state"), view.get(), differences);
			}
			if (received.size() > seen) {
				assertThat(received.get(received.size() - 1).path("type").asString()).isEqualTo("update");
			}
		}
		assertThat(differences).as("%s: topic state vs public view", topic).isEmpty();
	}

	/** Adds where a field of the topic's state is missing from the view or differs. */
	static List<String> differences(String message, JsonNode state, JsonNode view, List<String> differences) {
		for (String name : state.propertyNames()) {
			if (!TOPIC_ONLY.contains(name)) {
				List<String> found = new ArrayList<>();
				compare(name, state.get(name), view.get(name), found);
				found.forEach((difference) -> differences.add(message + ": " + difference));
			}
		}
		return differences;
	}

	private static void compare(String path, JsonNode topic, JsonNode view, List<String> differences) {
		if (view == null || view.isMissingNode()) {
			differences.add(path + " is not in the view");
		}
		else if (topic.isObject()) {
			for (String name : topic.propertyNames()) {
				compare(path + "." + name, topic.get(name), view.get(name), differences);
			}
		}
		else if (topic.isArray()) {
			if (topic.size() != view.size()) {
				differences.add(path + " has " + topic.size() + " items, the view " + view.size());
			}
			for (int i = 0; i < Math.min(topic.size(), view.size()); i++) {
				compare(path + "[" + i + "]", topic.get(i), view.get(i), differences);
			}
		}
		else if (!sameValue(topic, view)) {
			differences.add(path + " is " + topic + " on the topic, " + view + " in the view");
		}
	}

	private static boolean sameValue(JsonNode topic, JsonNode view) {
		if (topic.isNumber() && view.isString()) {
			try {
				return Instant.parse(view.asString()).toEpochMilli() == topic.asLong();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		if (topic.isNumber() && view.isNumber()) {
			return topic.decimalValue().compareTo(view.decimalValue()) == 0;
		}
		return topic.equals(view);
	}

	private JsonNode get(String path) {
		return json(client().get().uri(path).exchange(), 200);
	}

	private JsonNode post(String path, String token) {
		return json(client().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(), 201);
	}

	private JsonNode seat(String path, String shopper) {
		return json(client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.header("Idempotency-Key", "seat")
			.exchange(), 201);
	}

	private long bargain() {
		Map<String, Object> body = campaign("SKU-TB");
		body.put("listPrice", 10_000);
		body.put("floorPrice", 9_000);
		body.put("helpersNeeded", 3);
		body.put("sessionTtl", "PT30M");
		return create("/api/bargains", body);
	}

	private long groupBuy() {
		Map<String, Object> body = campaign("SKU-TG");
		body.put("groupPrice", 1000);
		body.put("leaderPrice", 500);
		body.put("soloPrice", 2000);
		body.put("groupSize", 3);
		body.put("groupTtl", "PT30M");
		return create("/api/group-buys", body);
	}

	private static Map<String, Object> campaign(String sku) {
		Instant now = Instant.now();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sku", sku);
		body.put("title", "Watched item");
		body.put("currency", "EUR");
		body.put("stock", 10);
		body.put("perUserLimit", 2);
		body.put("startsAt", now.minusSeconds(5).toString());
		body.put("endsAt", now.plusSeconds(3600).toString());
		body.put("payWindow", "PT10M");
		return body;
	}

	private long create(String path, Map<String, Object> body) {
		WebTestClient.ResponseSpec created = client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("topic-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
		return json(created, 201).path("id").asLong();
	}

}
