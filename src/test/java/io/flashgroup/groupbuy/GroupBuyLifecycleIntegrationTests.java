package io.flashgroup.groupbuy;

import java.time.Duration;
import java.util.Map;

import io.flashgroup.RecordingPaymentGateway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupBuyLifecycleIntegrationTests extends GroupBuyTestSupport {

	@Autowired
	RecordingPaymentGateway gateway;

	@Test
	void opensJoinsPaysAndSucceedsWithEveryOrderSettled() {
		long id = groupBuy(3, 10, 1, Duration.ofMinutes(30), 0);
		String leader = token("gb-leader-" + id, "SHOPPER");
		String friend = token("gb-friend-" + id, "SHOPPER");
		String third = token("gb-third-" + id, "SHOPPER");

		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		assertThat(opened.path("order").path("unitPrice").asLong()).isEqualTo(500);
		assertThat(opened.path("group").path("seatsLeft").asInt()).isEqualTo(2);
		JsonNode joined = json(join(groupId, friend, "join-1"), 201);
		assertThat(joined.path("order").path("unitPrice").asLong()).isEqualTo(1000);
		JsonNode auto = json(autoJoin(id, third, "auto-1"), 201);
		assertThat(auto.path("group").path("id").asString()).isEqualTo(groupId);
		assertThat(auto.path("group").path("seatsLeft").asInt()).isZero();

		pay(opened.path("order").path("id").asString(), leader);
		pay(joined.path("order").path("id").asString(), friend);
		assertThat(group(groupId).path("status").asString()).isEqualTo("OPEN");
		JsonNode last = pay(auto.path("order").path("id").asString(), third);
		assertThat(last.path("status").asString()).isEqualTo("SETTLED");

		JsonNode group = group(groupId);
		assertThat(group.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(group.path("paidMembers").asInt()).isEqualTo(3);
		assertThat(order(opened.path("order").path("id").asString(), leader).path("status").asString())
			.isEqualTo("SETTLED");
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("succeededGroups").asLong()).isEqualTo(1);
		assertThat(campaign.path("openGroups").asLong()).isZero();
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(7);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsExactly(Map.entry(groupId, "SUCCEEDED"));
			assertThat(storedOrders(id)).hasSize(3).containsValues("SETTLED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

	@Test
	void aGroupThatMissesItsDeadlineRefundsPaidSeatsOnceAndExpiresTheRest() {
		long id = groupBuy(3, 10, 1, Duration.ofSeconds(2), 0);
		String leader = token("flaky-leader-" + id, "SHOPPER");
		String friend = token("gb-late-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		String paidOrder = opened.path("order").path("id").asString();
		String unpaidOrder = json(join(groupId, friend, "join-1"), 201).path("order").path("id").asString();
		pay(paidOrder, leader);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(group(groupId).path("status").asString()).isEqualTo("FAILED");
			assertThat(order(paidOrder, leader).path("status").asString()).isEqualTo("REFUNDED");
		});
		assertThat(order(unpaidOrder, friend).path("status").asString()).isEqualTo("EXPIRED");
		// The provider failed the first attempt (flaky- shopper); the worker retried
		// until it held.
		assertThat(this.gateway.refunded(paidOrder)).isTrue();
		assertThat(this.gateway.attempts(paidOrder)).isEqualTo(2);
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(10);
		assertThat(campaign.path("failedGroups").asLong()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedGroups(id)).containsExactly(Map.entry(groupId, "FAILED"));
			assertThat(storedOrders(id)).containsEntry(paidOrder, "REFUNDED").containsEntry(unpaidOrder, "EXPIRED");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
		assertThat(this.gateway.attempts(paidOrder)).isEqualTo(2);
	}

	@Test
	void virtualFillLetsAGroupWithEnoughPaidMembersSucceedAtItsDeadline() {
		long id = groupBuy(5, 10, 1, Duration.ofSeconds(2), 2);
		String leader = token("gb-vf-leader-" + id, "SHOPPER");
		String friend = token("gb-vf-friend-" + id, "SHOPPER");
		String idle = token("gb-vf-idle-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		JsonNode joined = json(join(groupId, friend, "join-1"), 201);
		String idleOrder = json(join(groupId, idle, "join-1"), 201).path("order").path("id").asString();
		pay(opened.path("order").path("id").asString(), leader);
		pay(joined.path("order").path("id").asString(), friend);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(group(groupId).path("status").asString()).isEqualTo("SUCCEEDED"));
		JsonNode group = group(groupId);
		assertThat(group.path("virtualFill").asBoolean()).isTrue();
		// Everyone who held a seat at the deadline stays listed: the idle seat expired.
		assertThat(group.path("members"))
			.extracting((m) -> m.path("userId").asString() + ":" + m.path("seat").asString())
			.containsExactly("gb-vf-leader-" + id + ":SETTLED", "gb-vf-friend-" + id + ":SETTLED",
					"gb-vf-idle-" + id + ":EXPIRED");
		assertThat(group.path("paidMembers").asInt()).isEqualTo(2);
		assertThat(group.path("seatsLeft").asInt()).isEqualTo(3);
		assertLeaderIsAMember(group);
		assertThat(order(joined.path("order").path("id").asString(), friend).path("status").asString())
			.isEqualTo("SETTLED");
		assertThat(order(idleOrder, idle).path("status").asString()).isEqualTo("EXPIRED");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(8);
	}

	@Test
	void aShopperLeavesBeforePayingAndTheSeatAndUnitComeBack() {
		long id = groupBuy(2, 5, 1, Duration.ofMinutes(30), 0);
		String leader = token("gb-stay-" + id, "SHOPPER");
		String leaver = token("gb-leave-" + id, "SHOPPER");
		String groupId = json(open(id, leader, "open-1"), 201).path("group").path("id").asString();
		String order = json(join(groupId, leaver, "join-1"), 201).path("order").path("id").asString();
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(3);
		assertThat(json(join(groupId, token("gb-third-" + id, "SHOPPER"), "join-1"), 409).path("type").asString())
			.endsWith("/group-full");

		JsonNode left = json(client().delete()
			.uri("/api/groups/{id}/members/me", groupId)
			.header("Authorization", "Bearer " + leaver)
			.exchange(), 200);
		assertThat(left.path("order").path("status").asString()).isEqualTo("CANCELLED");
		assertThat(left.path("group").path("seatsLeft").asInt()).isEqualTo(1);
		assertThat(order(order, leaver).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(4);
		// The seat is free again; the leaver may come back with a new key.
		json(join(groupId, leaver, "join-2"), 201);
	}

	@Test
	void refusesClearlyInsteadOfOpeningASilentNewGroup() {
		long id = groupBuy(2, 10, 2, Duration.ofMinutes(30), 0);
		String leader = token("gb-r-leader-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open-1"), 201);
		String groupId = opened.path("group").path("id").asString();
		// A retry with the same key is the same seat.
		JsonNode retry = open(id, leader, "open-1").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(retry.path("order").path("id").asString()).isEqualTo(opened.path("order").path("id").asString());
		assertThat(json(join(groupId, leader, "join-own"), 409).path("type").asString()).endsWith("/already-member");
		assertThat(json(join("0190c0de-0000-7000-8000-000000000001", leader, "nope"), 404).path("type").asString())
			.endsWith("/not-found");

		String friend = token("gb-r-friend-" + id, "SHOPPER");
		pay(opened.path("order").path("id").asString(), leader);
		pay(json(join(groupId, friend, "join-1"), 201).path("order").path("id").asString(), friend);
		JsonNode closed = json(join(groupId, token("gb-r-late-" + id, "SHOPPER"), "join-1"), 409);
		assertThat(closed.path("type").asString()).endsWith("/group-closed");
		assertThat(closed.path("groupStatus").asString()).isEqualTo("SUCCEEDED");
		assertThat(closed.path("status").asInt()).isEqualTo(409);
	}

}
