package io.flashgroup.groupbuy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupLiveIntegrationTests extends GroupBuyTestSupport {

	@Test
	void aWatcherOfAGroupSeesEverySeatChangeInOrder() {
		long id = groupBuy(4, 20, 1, Duration.ofMinutes(30), 0);
		String leader = token("live-leader-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open"), 201);
		String groupId = opened.path("group").path("id").asString();
		Watcher watcher = watchTopic("group:" + groupId);
		List<JsonNode> received = watcher.received();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			String a = token("live-a-" + id, "SHOPPER");
			String b = token("live-b-" + id, "SHOPPER");
			String c = token("live-c-" + id, "SHOPPER");
			String orderA = json(join(groupId, a, "k"), 201).path("order").path("id").asString();
			json(join(groupId, b, "k"), 201);
			pay(orderA, a);
			json(client().delete()
				.uri("/api/groups/{id}/members/me", groupId)
				.header("Authorization", "Bearer " + b)
				.exchange(), 200);
			json(join(groupId, c, "k"), 201);
			// snapshot (leader) then: a joins, b joins, a pays, b leaves, c joins
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 7);
		}
		finally {
			watcher.close();
		}

		assertThat(received.get(1).path("type").asString()).isEqualTo("snapshot");
		List<JsonNode> states = received.subList(1, received.size());
		assertThat(states.stream().map((m) -> m.path("seq").asLong()).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(states.stream().map((m) -> m.path("state").path("seatsLeft").asInt()).toList()).containsExactly(3, 2,
				1, 1, 2, 1);
		assertThat(states.stream().map((m) -> m.path("state").path("paidMembers").asInt()).toList()).containsExactly(0,
				0, 0, 1, 1, 1);
		assertThat(states)
			.allSatisfy((m) -> assertThat(m.path("state").path("members").toString()).doesNotContain("orderId"));
		JsonNode last = states.get(states.size() - 1).path("state");
		assertThat(last.path("members")).extracting((m) -> m.path("name").asString())
			.containsExactly("live-leader-" + id, "live-a-" + id, "live-c-" + id);
	}

}
