package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses a live group buy's state: it is rebuilt from PostgreSQL with its groups,
 * seats, counters and deadlines, and groups go on filling and settling.
 */
class GroupBuyStateLossIntegrationTests extends GroupBuyTestSupport {

	@Test
	void rebuildsGroupsSeatsAndCountersThenTheGroupsGoOn() {
		long id = groupBuy(3, 20, 1, Duration.ofMinutes(30), 0);
		String leader = token("gbl-leader-" + id, "SHOPPER"), friend = token("gbl-friend-" + id, "SHOPPER");
		String other = token("gbl-other-" + id, "SHOPPER"), third = token("gbl-third-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "o1"), 201);
		String groupId = opened.path("group").path("id").asString();
		JsonNode joined = json(join(groupId, friend, "j1"), 201);
		pay(opened.path("order").path("id").asString(), leader);
		String otherGroup = json(open(id, other, "o2"), 201).path("group").path("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
		JsonNode campaignBefore = withoutServerTime(campaign(id));
		JsonNode groupBefore = group(groupId);
		JsonNode openBefore = groups(id, "OPEN");

		loseHotState(id);
		assertThat(json(join(groupId, third, "t0"), 503).path("type").asString()).endsWith("/unavailable");
		assertThat(campaign(id).path("status").asString()).isEqualTo("LIVE");
		assertThat(rebuildLostCampaigns()).isGreaterThanOrEqualTo(1);

		assertThat(withoutServerTime(campaign(id))).isEqualTo(campaignBefore);
		assertThat(group(groupId)).isEqualTo(groupBefore);
		assertThat(groups(id, "OPEN")).isEqualTo(openBefore);
		assertThat(audit(id).path("agrees").asBoolean()).isTrue();

		// The leader cannot take a second seat (limit 1); a retried seat request replays.
		assertThat(json(autoJoin(id, leader, "a9"), 409).path("type").asString()).endsWith("/limit-reached");
		assertThat(json(join(groupId, friend, "j1"), 201).path("order").path("id").asString())
			.isEqualTo(joined.path("order").path("id").asString());
		// Auto-join fills the fullest group, which is still the first one.
		JsonNode auto = json(autoJoin(id, third, "a1"), 201);
		assertThat(auto.path("group").path("id").asString()).isEqualTo(groupId);
		pay(joined.path("order").path("id").asString(), friend);
		assertThat(pay(auto.path("order").path("id").asString(), third).path("status").asString()).isEqualTo("SETTLED");
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("succeededGroups").asLong()).isEqualTo(1);
		assertThat(campaign.path("openGroups").asLong()).isEqualTo(1);
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(16);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsEntry(groupId, "SUCCEEDED").containsEntry(otherGroup, "OPEN");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

	@Test
	void aGroupWhoseDeadlinePassedDuringTheOutageFailsAndRefundsOnceRebuilt() {
		long id = groupBuy(3, 10, 1, Duration.ofSeconds(2), 0);
		String leader = token("gbl-late-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "o1"), 201);
		String orderId = opened.path("order").path("id").asString();
		String groupId = opened.path("group").path("id").asString();
		pay(orderId, leader);
		await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(storedOrders(id).get(orderId)));
		loseHotState(id);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Instant.now().isAfter(Instant.parse(opened.path("group").path("deadline").asString())));

		rebuildLostCampaigns();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsExactly(Map.entry(groupId, "FAILED"));
			assertThat(storedOrders(id)).containsEntry(orderId, "REFUNDED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(10);
	}

	private static JsonNode withoutServerTime(JsonNode view) {
		((ObjectNode) view).remove("serverTime");
		return view;
	}

}
