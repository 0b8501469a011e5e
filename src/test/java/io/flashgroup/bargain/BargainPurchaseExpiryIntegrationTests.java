package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An unpaid bargain purchase expires: the unit, the limit and the session come back. */
class BargainPurchaseExpiryIntegrationTests extends BargainTestSupport {

	private static final Duration PAY_WINDOW = Duration.ofSeconds(1);

	@Test
	void anUnpaidPurchaseReopensTheSessionSoTheOwnerCanCutOnAndBuyAgain() {
		long id = bargain(1_000, 4, 3, 1, 5, Duration.ofMinutes(30), PAY_WINDOW, Instant.now().plusSeconds(3600));
		String owner = token("reopen-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		long afterOne = json(cut(sessionId, token("reopen-helper-1-" + id, "SHOPPER")), 201).path("currentPrice")
			.asLong();
		Watcher watcher = watchTopic("bargain:" + sessionId);
		List<JsonNode> received = watcher.received();
		String first;
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			first = json(buy(sessionId, owner), 201).path("order").path("id").asString();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "EXPIRED".equals(order(first, owner).path("status").asString()));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "OPEN".equals(received.get(received.size() - 1).path("state").path("status").asString()));
		}
		finally {
			watcher.close();
		}
		assertThat(received.subList(1, received.size()).stream().map((m) -> m.path("state").path("status").asString()))
			.containsExactly("OPEN", "PURCHASED", "OPEN");
		assertThat(received.get(received.size() - 1).path("seq").asLong())
			.isEqualTo(received.get(1).path("seq").asLong() + 2);

		JsonNode reopened = session(sessionId);
		assertThat(reopened.path("status").asString()).isEqualTo("OPEN");
		assertThat(reopened.path("currentPrice").asLong()).isEqualTo(afterOne);
		assertThat(reopened.path("cutsLeft").asInt()).isEqualTo(3);
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(3);
		assertThat(campaign.path("openSessions").asLong()).isEqualTo(1);
		// Still the owner's one open session: starting another answers with it.
		assertThat(json(start(id, owner), 409).path("sessionId").asString()).isEqualTo(sessionId);

		long afterTwo = json(cut(sessionId, token("reopen-helper-2-" + id, "SHOPPER")), 201).path("currentPrice")
			.asLong();
		JsonNode second = json(buy(sessionId, owner), 201);
		String secondId = second.path("order").path("id").asString();
		assertThat(secondId).isNotEqualTo(first);
		assertThat(second.path("order").path("status").asString()).isEqualTo("RESERVED");
		assertThat(second.path("order").path("unitPrice").asLong()).isEqualTo(afterTwo);
		assertThat(pay(secondId, owner).path("status").asString()).isEqualTo("PAID");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedSession(sessionId)).isEqualTo("PURCHASED:" + secondId);
			assertThat(storedOrders(id)).containsEntry(first, "EXPIRED").containsEntry(secondId, "PAID");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

	@Test
	void anUnpaidPurchaseAtTheFloorReturnsTheSessionToCompleted() {
		long id = bargain(500, 2, 1, 1, 5, Duration.ofMinutes(30), PAY_WINDOW, Instant.now().plusSeconds(3600));
		String owner = token("floor-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		json(cut(sessionId, token("floor-helper-1-" + id, "SHOPPER")), 201);
		json(cut(sessionId, token("floor-helper-2-" + id, "SHOPPER")), 201);
		String first = json(buy(sessionId, owner), 201).path("order").path("id").asString();
		assertThat(campaign(id).path("status").asString()).isEqualTo("SOLD_OUT");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "COMPLETED".equals(session(sessionId).path("status").asString()));
		assertThat(order(first, owner).path("status").asString()).isEqualTo("EXPIRED");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(1);
		assertThat(type(json(cut(sessionId, token("floor-helper-3-" + id, "SHOPPER")), 409)))
			.isEqualTo("session-closed");
		JsonNode again = json(buy(sessionId, owner), 201);
		assertThat(again.path("order").path("id").asString()).isNotEqualTo(first);
		assertThat(again.path("order").path("unitPrice").asLong()).isEqualTo(9_500);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
	}

	@Test
	void anUnpaidPurchaseOutlivingItsSessionsDeadlineLeavesTheSessionExpired() {
		long id = bargain(500, 2, 2, 1, 5, Duration.ofSeconds(1), Duration.ofSeconds(3),
				Instant.now().plusSeconds(3600));
		String owner = token("late-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		String first = json(buy(sessionId, owner), 201).path("order").path("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "EXPIRED".equals(order(first, owner).path("status").asString()));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "EXPIRED".equals(session(sessionId).path("status").asString()));
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(2);
		assertThat(campaign.path("openSessions").asLong()).isZero();
		assertThat(type(json(buy(sessionId, owner), 409))).isEqualTo("session-closed");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedSession(sessionId)).isEqualTo("EXPIRED:");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

	@Test
	void anUnpaidPurchaseOfAnOwnerWhoStartedAnotherSessionLeavesTheOldOneExpired() {
		long id = bargain(500, 2, 5, 2, 5, Duration.ofMinutes(30), PAY_WINDOW, Instant.now().plusSeconds(3600));
		String owner = token("twice-owner-" + id, "SHOPPER");
		String oldSession = json(start(id, owner), 201).path("id").asString();
		String first = json(buy(oldSession, owner), 201).path("order").path("id").asString();
		String newSession = json(start(id, owner), 201).path("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "EXPIRED".equals(session(oldSession).path("status").asString()));
		assertThat(order(first, owner).path("status").asString()).isEqualTo("EXPIRED");
		assertThat(session(newSession).path("status").asString()).isEqualTo("OPEN");
		assertThat(campaign(id).path("openSessions").asLong()).isEqualTo(1);
		assertThat(json(buy(newSession, owner), 201).path("order").path("status").asString()).isEqualTo("RESERVED");
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
	}

	@Test
	void theKillSwitchCancelsAReopenedSession() {
		long id = bargain(500, 2, 5, 1, 5, Duration.ofMinutes(30), PAY_WINDOW, Instant.now().plusSeconds(3600));
		String owner = token("kill-reopen-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		String first = json(buy(sessionId, owner), 201).path("order").path("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(session(sessionId).path("status").asString()));
		json(client().post()
			.uri("/api/bargains/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("bargain-seller", "SELLER"))
			.exchange(), 200);
		assertThat(session(sessionId).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order(first, owner).path("status").asString()).isEqualTo("EXPIRED");
		JsonNode campaign = campaign(id);
		assertThat(campaign.path("openSessions").asLong()).isZero();
		assertThat(campaign.path("stockLeft").asLong()).isEqualTo(5);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedSession(sessionId)).isEqualTo("CANCELLED:");
			assertThat(audit(id).path("agrees").asBoolean()).isTrue();
		});
	}

}
