package io.flashgroup.groupbuy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flashgroup.Rush;
import io.flashgroup.campaign.CampaignKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class GroupBuyConcurrencyIntegrationTests extends GroupBuyTestSupport {

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	GroupBuyScripts scripts;

	@Autowired
	MeterRegistry meters;

	@Test
	void manyShoppersRaceForTheLastSeatAndExactlyOneWins() {
		long id = groupBuy(3, 100, 1, Duration.ofMinutes(30), 0);
		String groupId = json(open(id, token("race-leader-" + id, "SHOPPER"), "open"), 201).path("group")
			.path("id")
			.asString();
		json(join(groupId, token("race-second-" + id, "SHOPPER"), "join"), 201);

		List<String> shoppers = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			shoppers.add(token("racer-" + i + "-" + id, "SHOPPER"));
		}
		Map<Integer, Integer> statuses = Rush.statuses(Rush.fire(this.port, shoppers.size(),
				(i) -> new Rush.Request("/api/groups/" + groupId + "/members", shoppers.get(i), "last-seat")));

		assertThat(statuses).containsEntry(201, 1).containsEntry(409, 39).hasSize(2);
		JsonNode group = group(groupId);
		assertThat(group.path("members")).hasSize(3);
		assertThat(group.path("seatsLeft").asInt()).isZero();
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(97);
	}

	@Test
	void autoJoinUnderConcurrencySpreadsShoppersWithoutOverfillingAnyGroup() {
		int size = 4;
		int shoppers = 30;
		long id = groupBuy(size, 1000, 1, Duration.ofMinutes(30), 0);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < shoppers; i++) {
			tokens.add(token("auto-" + i + "-" + id, "SHOPPER"));
		}
		Map<Integer, Integer> statuses = Rush.statuses(Rush.fire(this.port, shoppers,
				(i) -> new Rush.Request("/api/group-buys/" + id + "/join", tokens.get(i), "auto")));
		assertThat(statuses).containsExactly(Map.entry(201, shoppers));

		List<JsonNode> groups = this.redis.hvals(new CampaignKeys(id).groups())
			.map(this.json::readTree)
			.collectList()
			.block(Duration.ofSeconds(10));
		Set<String> members = new HashSet<>();
		int seats = 0;
		for (JsonNode group : groups) {
			assertThat(group.path("members").size()).isBetween(1, size);
			for (JsonNode member : group.path("members")) {
				assertThat(members.add(member.path("userId").asString())).isTrue();
				seats++;
			}
		}
		assertThat(seats).isEqualTo(shoppers);
		// Fullest first: every group but the newest is full.
		assertThat(groups).hasSize((shoppers + size - 1) / size);
	}

	@Test
	void theDeadlineTimerRunningTwiceChangesNothingTheSecondTime() {
		long id = groupBuy(3, 10, 1, Duration.ofSeconds(1), 0);
		String leader = token("twice-leader-" + id, "SHOPPER");
		JsonNode opened = json(open(id, leader, "open"), 201);
		String groupId = opened.path("group").path("id").asString();
		String orderId = opened.path("order").path("id").asString();
		pay(orderId, leader);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> "REFUNDED".equals(order(orderId, leader).path("status").asString()));
		JsonNode failed = group(groupId);
		JsonNode before = audit(id);

		// Another node applies the same deadline again, as if it had raced the first one.
		CampaignKeys keys = new CampaignKeys(id);
		this.redis.zadd(keys.timers(), 0, "g:" + groupId).block(Duration.ofSeconds(5));
		this.redis.zadd(keys.timers(), 0, orderId).block(Duration.ofSeconds(5));
		this.scripts.lifecycle().applyTimers(keys, 100).block(Duration.ofSeconds(5));

		assertThat(group(groupId).path("status").asString()).isEqualTo("FAILED");
		assertThat(group(groupId)).isEqualTo(failed);
		assertThat(order(orderId, leader).path("status").asString()).isEqualTo("REFUNDED");
		assertThat(this.redis.zcard(keys.refunds()).block(Duration.ofSeconds(5))).isZero();
		JsonNode after = audit(id);
		assertThat(after.path("redis")).isEqualTo(before.path("redis"));
		assertThat(campaign(id).path("failedGroups").asLong()).isEqualTo(1);
	}

	@Test
	void refundsOfManyFailedGroupsGoThroughWithoutARetry() {
		long id = groupBuy(3, 500, 1, Duration.ofSeconds(2), 0);
		double retriedBefore = this.meters.counter("flashgroup.refunds", "outcome", "retried").count();
		List<String[]> paid = new ArrayList<>();
		// Two paid seats in each of 100 groups: more due refunds than one pass takes
		// (100).
		for (int i = 0; i < 100; i++) {
			String leader = token("many-" + i + "-" + id, "SHOPPER");
			String friend = token("many-friend-" + i + "-" + id, "SHOPPER");
			JsonNode opened = json(open(id, leader, "open"), 201);
			String joined = json(join(opened.path("group").path("id").asString(), friend, "join"), 201).path("order")
				.path("id")
				.asString();
			pay(opened.path("order").path("id").asString(), leader);
			pay(joined, friend);
			paid.add(new String[] { opened.path("order").path("id").asString(), leader });
			paid.add(new String[] { joined, friend });
		}
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> paid.stream().allMatch((p) -> "REFUNDED".equals(order(p[0], p[1]).path("status").asString())));
		// A refund pass that sent commands from inside a reply stream stalled the shared
		// connection until its commands timed out, and every refund went round again.
		assertThat(this.meters.counter("flashgroup.refunds", "outcome", "retried").count()).isEqualTo(retriedBefore);
	}

}
