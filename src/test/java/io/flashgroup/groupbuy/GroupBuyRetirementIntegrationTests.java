package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A group buy reads the same once its Redis keys expired: PostgreSQL is the record. */
class GroupBuyRetirementIntegrationTests extends GroupBuyTestSupport {

	@Test
	void answersEveryPublicReadTheSameBeforeAndAfterRetirement() {
		long id = groupBuy(2, 10, 3, Duration.ofSeconds(2), 0, Duration.ofSeconds(30), Instant.now().plusSeconds(4));
		String a = token("gb-ret-a-" + id, "SHOPPER");
		String b = token("gb-ret-b-" + id, "SHOPPER");
		Map<String, String> owners = new LinkedHashMap<>();
		// Succeeded: both seats paid.
		JsonNode done = json(open(id, a, "done"), 201);
		String succeeded = done.path("group").path("id").asString();
		JsonNode doneJoin = json(join(succeeded, b, "done"), 201);
		pay(seat(done, a, owners), a);
		pay(seat(doneJoin, b, owners), b);
		// Failed at its deadline: one seat paid (refunded), one left unpaid (expired).
		JsonNode failing = json(open(id, a, "fail"), 201);
		String failed = failing.path("group").path("id").asString();
		seat(json(join(failed, b, "fail"), 201), b, owners);
		pay(seat(failing, a, owners), a);
		// Emptied: its only member left.
		JsonNode leaving = json(open(id, b, "leave"), 201);
		String cancelled = leaving.path("group").path("id").asString();
		seat(leaving, b, owners);
		json(leave(cancelled, b), 200);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(campaign(id).path("status").asString()).isEqualTo("ENDED");
			assertThat(storedGroups(id)).containsOnly(Map.entry(succeeded, "SUCCEEDED"), Map.entry(failed, "FAILED"),
					Map.entry(cancelled, "CANCELLED"));
			assertThat(storedOrders(id)).containsValues("SETTLED", "REFUNDED", "EXPIRED", "CANCELLED")
				.doesNotContainValue("REFUND_PENDING");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		Map<String, JsonNode> before = reads(id, List.of(succeeded, failed, cancelled), owners);
		assertThat(before.get("campaign").path("stockLeft").asLong()).isEqualTo(8);
		assertThat(before.get("campaign").path("succeededGroups").asLong()).isEqualTo(1);
		assertThat(before.get("campaign").path("failedGroups").asLong()).isEqualTo(1);
		assertThat(before.get("live:group-buy:" + id).path("type").asString()).isEqualTo("snapshot");

		retire(id);

		Map<String, JsonNode> after = reads(id, List.of(succeeded, failed, cancelled), owners);
		assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
		before.forEach((read, answer) -> assertThat(after.get(read)).as(read).isEqualTo(answer));
	}

	/** Records who owns the seat's order and answers its id. */
	private static String seat(JsonNode seat, String owner, Map<String, String> owners) {
		String orderId = seat.path("order").path("id").asString();
		owners.put(orderId, owner);
		return orderId;
	}

	/** Every public read of the campaign, by name, without the server's clock. */
	private Map<String, JsonNode> reads(long id, List<String> groupIds, Map<String, String> owners) {
		Map<String, JsonNode> reads = new LinkedHashMap<>();
		reads.put("campaign", campaign(id));
		for (String status : GroupBuyService.GROUP_STATUSES) {
			reads.put("groups?status=" + status, groups(id, status));
		}
		groupIds.forEach((groupId) -> reads.put("group " + groupId, group(groupId)));
		owners.forEach((orderId, owner) -> reads.put("order " + orderId, order(orderId, owner)));
		reads.put("live:group-buy:" + id, liveSnapshot("group-buy:" + id));
		groupIds.forEach((groupId) -> reads.put("live:group:" + groupId, liveSnapshot("group:" + groupId)));
		reads.values().forEach(GroupBuyRetirementIntegrationTests::withoutServerTime);
		// The campaign topic's seq lives in its Redis state only: a watcher after
		// retirement
		// starts a new sequence (a group's seq is its version, which the record keeps).
		JsonNode live = reads.get("live:group-buy:" + id);
		((ObjectNode) live).remove("seq");
		((ObjectNode) live.path("state")).remove("seq");
		return reads;
	}

	private static void withoutServerTime(JsonNode node) {
		if (node instanceof ObjectNode object) {
			object.remove("serverTime");
		}
		node.forEach(GroupBuyRetirementIntegrationTests::withoutServerTime);
	}

}
