package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupBuyApiIntegrationTests extends GroupBuyTestSupport {

	@Test
	void rejectsBadTermsWithAProblemPerField() {
		Instant now = Instant.now();
		JsonNode problem = json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-bad-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "S", "title", "T", "currency", "EUR", "groupPrice", -1, "groupSize", 1, "groupTtl",
					"PT1H", "stock", 10, "startsAt", now.toString(), "endsAt", now.plusSeconds(600).toString(),
					"virtualFill", Map.of("minRealMembers", 0)))
			.exchange(), 400);
		assertThat(problem.path("type").asString()).endsWith("/validation");
		assertThat(problem.path("errors").propertyNames()).contains("groupPrice", "groupSize",
				"virtualFill.minRealMembers");

		JsonNode ttl = json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-bad-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "S", "title", "T", "currency", "EUR", "groupPrice", 100, "groupSize", 2,
					"groupTtl", "PT0.5S", "stock", 10, "startsAt", now.toString(), "endsAt",
					now.plusSeconds(600).toString()))
			.exchange(), 400);
		assertThat(ttl.path("errors").path("groupTtl").asString()).startsWith("must be between");
	}

	@Test
	void onlySellersCreateAndUnknownIdsAreNotFound() {
		client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-shopper", "SHOPPER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "S"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(json(client().get().uri("/api/group-buys/999999999").exchange(), 404).path("type").asString())
			.endsWith("/not-found");
		assertThat(json(client().get().uri("/api/groups/not-a-group").exchange(), 404).path("type").asString())
			.endsWith("/not-found");
		long id = groupBuy(2, 5, 1, Duration.ofMinutes(5), 0);
		// A group buy is not a flash sale, and the other way round.
		json(client().get().uri("/api/flash-sales/{id}", id).exchange(), 404);
		json(purchase(id, token("gb-confused", "SHOPPER"), 1, "k"), 404);
		json(client().get().uri("/api/group-buys/{id}", liveSale(5, 1)).exchange(), 404);
		json(client().get().uri("/api/group-buys/{id}/groups?status=SOMETIMES", id).exchange(), 400);
		assertThat(json(client().post()
			.uri("/api/group-buys/{id}/join", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-nokey", "SHOPPER"))
			.exchange(), 400).path("type").asString()).endsWith("/idempotency-key-required");
	}

	@Test
	void listsOpenGroupsFullestFirstAndClosedOnesFromTheRecord() {
		long id = groupBuy(3, 20, 1, Duration.ofMinutes(30), 0);
		String a = token("gb-list-a-" + id, "SHOPPER");
		String b = token("gb-list-b-" + id, "SHOPPER");
		String c = token("gb-list-c-" + id, "SHOPPER");
		String d = token("gb-list-d-" + id, "SHOPPER");
		String emptier = json(open(id, a, "k"), 201).path("group").path("id").asString();
		JsonNode opened = json(open(id, b, "k"), 201);
		String fuller = opened.path("group").path("id").asString();
		String orderC = json(join(fuller, c, "k"), 201).path("order").path("id").asString();
		JsonNode open = json(client().get().uri("/api/group-buys/{id}/groups?status=OPEN", id).exchange(), 200);
		assertThat(open).extracting((g) -> g.path("id").asString()).containsExactly(fuller, emptier);
		assertThat(open.get(0).path("seatsLeft").asInt()).isEqualTo(1);

		String orderD = json(join(fuller, d, "k"), 201).path("order").path("id").asString();
		pay(opened.path("order").path("id").asString(), b);
		pay(orderC, c);
		pay(orderD, d);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					json(client().get().uri("/api/group-buys/{id}/groups?status=SUCCEEDED", id).exchange(), 200))
				.extracting((g) -> g.path("id").asString())
				.containsExactly(fuller));
		assertThat(json(client().get().uri("/api/group-buys/{id}/groups?status=OPEN", id).exchange(), 200))
			.extracting((g) -> g.path("id").asString())
			.containsExactly(emptier);
	}

	@Test
	void theKillSwitchCancelsOpenGroupsRefundsPaidSeatsAndKeepsSucceededOnes() {
		long id = groupBuy(2, 10, 2, Duration.ofMinutes(30), 0);
		String a = token("gb-kill-a-" + id, "SHOPPER");
		String b = token("gb-kill-b-" + id, "SHOPPER");
		JsonNode done = json(open(id, a, "done"), 201);
		String doneGroup = done.path("group").path("id").asString();
		pay(done.path("order").path("id").asString(), a);
		pay(json(join(doneGroup, b, "done"), 201).path("order").path("id").asString(), b);
		JsonNode open = json(open(id, a, "open"), 201);
		String paidOpenOrder = open.path("order").path("id").asString();
		pay(paidOpenOrder, a);

		assertThat(json(client().post()
			.uri("/api/group-buys/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-other-seller", "SELLER"))
			.exchange(), 403).path("detail").asString()).isEqualTo("Only the group buy's seller or ops may cancel it");
		JsonNode cancelled = json(client().post()
			.uri("/api/group-buys/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("gb-seller", "SELLER"))
			.exchange(), 200);
		assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(group(doneGroup).path("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode killed = group(open.path("group").path("id").asString());
		assertThat(killed.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(killed.path("members")).singleElement()
			.satisfies((m) -> assertThat(m.path("seat").asString()).isEqualTo("REFUNDED"));
		assertLeaderIsAMember(killed);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "REFUNDED".equals(order(paidOpenOrder, a).path("status").asString()));
		assertThat(json(autoJoin(id, b, "late"), 409).path("type").asString()).endsWith("/cancelled");
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
	}

	@Test
	void listsFullUnpaidGroupsAsOpenAndFullButNeverAutoJoinsThem() {
		long id = groupBuy(2, 20, 1, Duration.ofMinutes(30), 0);
		String full = json(open(id, token("gb-full-a-" + id, "SHOPPER"), "k"), 201).path("group").path("id").asString();
		json(join(full, token("gb-full-b-" + id, "SHOPPER"), "k"), 201);
		String half = json(open(id, token("gb-half-a-" + id, "SHOPPER"), "k"), 201).path("group").path("id").asString();

		JsonNode open = groups(id, "OPEN");
		assertThat(open).extracting((g) -> g.path("id").asString() + ":" + g.path("full").asBoolean())
			.containsExactly(half + ":false", full + ":true");
		assertThat(group(full).path("full").asBoolean()).isTrue();
		assertThat(campaign(id).path("openGroups").asLong()).isEqualTo(2);
		JsonNode auto = json(autoJoin(id, token("gb-full-c-" + id, "SHOPPER"), "k"), 201);
		assertThat(auto.path("group").path("id").asString()).isEqualTo(half);
		JsonNode another = json(autoJoin(id, token("gb-full-d-" + id, "SHOPPER"), "k"), 201);
		assertThat(another.path("group").path("id").asString()).isNotIn(full, half);
	}

	@Test
	void refusesAnIdempotencyKeyReusedForAnotherSeatRequest() {
		long id = groupBuy(3, 20, 3, Duration.ofMinutes(30), 0);
		String shopper = token("gb-reuse-" + id, "SHOPPER");
		JsonNode opened = json(open(id, shopper, "k1"), 201);
		String mine = opened.path("group").path("id").asString();
		String other = json(open(id, token("gb-reuse-other-" + id, "SHOPPER"), "k1"), 201).path("group")
			.path("id")
			.asString();
		String third = json(open(id, token("gb-reuse-third-" + id, "SHOPPER"), "k1"), 201).path("group")
			.path("id")
			.asString();

		JsonNode reused = json(autoJoin(id, shopper, "k1"), 422);
		assertThat(reused.path("type").asString()).endsWith("/idempotency-key-reused");
		assertThat(reused.path("status").asInt()).isEqualTo(422);
		assertThat(reused.path("order").path("id").asString()).isEqualTo(opened.path("order").path("id").asString());
		assertThat(json(join(other, shopper, "k1"), 422).path("type").asString()).endsWith("/idempotency-key-reused");
		open(id, shopper, "k1").expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");

		json(join(other, shopper, "k2"), 201);
		assertThat(json(join(third, shopper, "k2"), 422).path("type").asString()).endsWith("/idempotency-key-reused");
		assertThat(json(open(id, shopper, "k2"), 422).path("type").asString()).endsWith("/idempotency-key-reused");
		join(other, shopper, "k2").expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(16);
		assertThat(group(mine).path("members")).hasSize(1);
		assertThat(group(third).path("members")).hasSize(1);
	}

}
