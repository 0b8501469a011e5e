package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How groups end: emptied by expiry, failed at the deadline, and who they list then. */
class GroupClosingIntegrationTests extends GroupBuyTestSupport {

	@Test
	void cancelsAnOpenGroupWhenItsLastSeatExpiresAndKeepsTheLeaderListed() {
		long id = groupBuy(3, 10, 1, Duration.ofMinutes(30), 0, Duration.ofSeconds(1), Instant.now().plusSeconds(3600));
		String leader = token("gb-gone-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		String orderId = opened.path("order").path("id").asString();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(group(groupId).path("status").asString()).isEqualTo("CANCELLED"));
		JsonNode group = group(groupId);
		assertLeaderIsAMember(group);
		assertThat(group.path("members")).singleElement().satisfies((m) -> {
			assertThat(m.path("userId").asString()).isEqualTo("gb-gone-" + id);
			assertThat(m.path("seat").asString()).isEqualTo("EXPIRED");
		});
		assertThat(group.path("seatsLeft").asInt()).isEqualTo(3);
		assertThat(groups(id, "OPEN")).isEmpty();
		assertThat(this.redis.zscore(new CampaignKeys(id).timers(), "g:" + groupId).block()).isNull();
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("openGroups").asLong()).isZero();
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(10);
		assertThat(order(orderId, leader).path("status").asString()).isEqualTo("EXPIRED");

		// The next shopper is not seated in the dead group: they lead a new one.
		JsonNode next = json(autoJoin(id, token("gb-next-" + id, "SHOPPER"), "auto-1"), 201);
		assertThat(next.path("group").path("id").asString()).isNotEqualTo(groupId);
		assertThat(next.path("group").path("leaderId").asString()).isEqualTo("gb-next-" + id);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsEntry(groupId, "CANCELLED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

	@Test
	void passesLeadershipToTheEarliestRemainingMemberWhenTheLeadersSeatExpires() {
		long id = groupBuy(3, 10, 1, Duration.ofMinutes(30), 0, Duration.ofSeconds(3), Instant.now().plusSeconds(3600));
		String leader = token("gb-lapse-" + id, "SHOPPER");
		String second = token("gb-second-" + id, "SHOPPER");
		String third = token("gb-third-" + id, "SHOPPER");
		String groupId = json(open(id, leader, "open-1"), 201).path("group").path("id").asString();
		JsonNode secondSeat = json(join(groupId, second, "join-1"), 201);
		JsonNode thirdSeat = json(join(groupId, third, "join-1"), 201);
		pay(secondSeat.path("order").path("id").asString(), second);
		pay(thirdSeat.path("order").path("id").asString(), third);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(group(groupId).path("members")).hasSize(2));
		JsonNode group = group(groupId);
		assertThat(group.path("status").asString()).isEqualTo("OPEN");
		assertThat(group.path("leaderId").asString()).isEqualTo("gb-second-" + id);
		assertLeaderIsAMember(group);
		assertThat(group.path("seatsLeft").asInt()).isEqualTo(1);
		// The new leader keeps the price of their seat: the leader price was the
		// opener's.
		assertThat(order(secondSeat.path("order").path("id").asString(), second).path("unitPrice").asLong())
			.isEqualTo(1000);

		JsonNode last = json(join(groupId, token("gb-fourth-" + id, "SHOPPER"), "join-1"), 201);
		assertThat(last.path("group").path("members")).last()
			.satisfies((m) -> assertThat(m.path("leader").asBoolean()).isFalse());
		assertLeaderIsAMember(last.path("group"));
	}

	@Test
	void aFailedGroupListsEveryMemberWithWhatBecameOfTheirSeat() {
		long id = groupBuy(3, 10, 1, Duration.ofSeconds(2), 0);
		String leader = token("gb-fail-leader-" + id, "SHOPPER");
		String friend = token("gb-fail-friend-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		String unpaid = json(join(groupId, friend, "join-1"), 201).path("order").path("id").asString();
		pay(opened.path("order").path("id").asString(), leader);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(group(groupId).path("status").asString()).isEqualTo("FAILED"));
		JsonNode group = group(groupId);
		assertLeaderIsAMember(group);
		assertThat(group.path("members"))
			.extracting((m) -> m.path("userId").asString() + ":" + m.path("seat").asString())
			.containsExactly("gb-fail-leader-" + id + ":REFUNDED", "gb-fail-friend-" + id + ":EXPIRED");
		assertThat(group.path("seatsLeft").asInt()).isEqualTo(3);
		assertThat(group.path("paidMembers").asInt()).isZero();
		assertThat(order(unpaid, friend).path("status").asString()).isEqualTo("EXPIRED");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(10);

		// The record and the topic say the same as the hot copy.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsExactly(Map.entry(groupId, "FAILED"));
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		JsonNode state = liveSnapshot("group:" + groupId).path("state");
		assertThat(state.propertyNames()).containsExactlyInAnyOrderElementsOf(group.propertyNames());
		assertThat(state.path("members").get(1).propertyNames())
			.containsExactlyInAnyOrderElementsOf(group.path("members").get(1).propertyNames());
		for (String field : new String[] { "status", "leaderId", "seatsLeft", "paidMembers", "full", "topic" }) {
			assertThat(state.path(field)).as(field).isEqualTo(group.path(field));
		}
	}

}
