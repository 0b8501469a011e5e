package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Helpers of the group-buy integration tests: create a campaign, take and pay seats. */
abstract class GroupBuyTestSupport extends IntegrationTestSupport {

	/**
	 * A group buy live from now for an hour; {@code minRealMembers} 0 means no virtual
	 * fill.
	 */
	long groupBuy(int groupSize, int stock, int perUserLimit, Duration groupTtl, int minRealMembers) {
		return groupBuy(groupSize, stock, perUserLimit, groupTtl, minRealMembers, Duration.ofMinutes(10),
				Instant.now().plusSeconds(3600));
	}

	/**
	 * A group buy live from now until {@code endsAt}, seats paid within
	 * {@code payWindow}.
	 */
	long groupBuy(int groupSize, int stock, int perUserLimit, Duration groupTtl, int minRealMembers, Duration payWindow,
			Instant endsAt) {
		Map<String, Object> body = CampaignBodies.groupBuy(groupSize, stock);
		body.put("leaderPrice", 500);
		body.put("soloPrice", 2000);
		body.put("groupTtl", groupTtl.toString());
		body.put("perUserLimit", perUserLimit);
		body.put("endsAt", endsAt.toString());
		body.put("payWindow", payWindow.toString());
		if (minRealMembers > 0) {
			body.put("virtualFill", Map.of("minRealMembers", minRealMembers));
		}
		return create("/api/group-buys", "gb-seller", body);
	}

	WebTestClient.ResponseSpec open(long campaignId, String shopper, String key) {
		return seat("/api/group-buys/" + campaignId + "/groups", shopper, key);
	}

	WebTestClient.ResponseSpec join(String groupId, String shopper, String key) {
		return seat("/api/groups/" + groupId + "/members", shopper, key);
	}

	WebTestClient.ResponseSpec autoJoin(long campaignId, String shopper, String key) {
		return seat("/api/group-buys/" + campaignId + "/join", shopper, key);
	}

	private WebTestClient.ResponseSpec seat(String path, String shopper, String key) {
		return client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.header("Idempotency-Key", key)
			.exchange();
	}

	WebTestClient.ResponseSpec leave(String groupId, String shopper) {
		return client().delete()
			.uri("/api/groups/{id}/members/me", groupId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange();
	}

	JsonNode groups(long campaignId, String status) {
		return json(client().get().uri("/api/group-buys/{id}/groups?status={s}", campaignId, status).exchange(), 200);
	}

	/** A group's leader is always one of its listed members, open or closed. */
	static void assertLeaderIsAMember(JsonNode group) {
		String leaderId = group.path("leaderId").asString();
		assertThat(group.path("members")).as("members of %s", group)
			.anySatisfy((m) -> assertThat(m.path("userId").asString()).isEqualTo(leaderId))
			.allSatisfy((m) -> assertThat(m.path("leader").asBoolean())
				.isEqualTo(m.path("userId").asString().equals(leaderId)));
	}

	JsonNode group(String groupId) {
		return json(client().get().uri("/api/groups/{id}", groupId).exchange(), 200);
	}

	JsonNode campaign(long campaignId) {
		return json(client().get().uri("/api/group-buys/{id}", campaignId).exchange(), 200);
	}

	/** Groups of a campaign in PostgreSQL as id to status. */
	Map<String, String> storedGroups(long campaignId) {
		return this.db.sql("SELECT id::text AS id, status FROM groups WHERE campaign_id = $1")
			.bind(0, campaignId)
			.map((row) -> Map.entry(row.get("id", String.class), row.get("status", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(10));
	}

}
