package io.flashgroup.bargain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashgroup.Rush;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BargainIntegrationTests extends BargainTestSupport {

	@Test
	void manyHelpersCutAtOnceAndEveryCutCountsExactlyOnceDownToTheFloor() {
		long id = bargain(3_000, 10, 5, 1, 1, Duration.ofMinutes(30));
		String owner = token("cut-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		List<String> helpers = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			helpers.add(token("cut-helper-" + i + "-" + id, "SHOPPER"));
		}
		List<Rush.Answer> answers = Rush.fire(this.port, helpers.size(),
				(i) -> new Rush.Request("/api/bargain-sessions/" + sessionId + "/cuts", helpers.get(i), null));
		Map<Integer, Integer> statuses = Rush.statuses(answers);
		List<Long> amounts = answers.stream()
			.filter((answer) -> answer.status() == 201)
			.map((answer) -> answer.body().path("amount").asLong())
			.toList();

		assertThat(statuses).containsEntry(201, 10).containsEntry(409, 20).hasSize(2);
		JsonNode session = session(sessionId);
		assertThat(session.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(session.path("currentPrice").asLong()).isEqualTo(7_000);
		assertThat(session.path("cutsLeft").asInt()).isZero();
		assertThat(session.path("cuts")).hasSize(10);
		assertThat(amounts.stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000);
		assertThat(amounts).allSatisfy((amount) -> assertThat(amount).isBetween(1L, 600L));
		long price = 10_000;
		for (JsonNode cut : session.path("cuts")) {
			price -= cut.path("amount").asLong();
			assertThat(cut.path("priceAfter").asLong()).isEqualTo(price);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(cutsStored(sessionId)).isEqualTo(3_000);
			assertThat(storedSessionStatus(sessionId)).isEqualTo("COMPLETED");
		});
	}

	@Test
	void helpersCutOnceNeverTheirOwnAndWithinTheirDailyLimit() {
		long id = bargain(1_000, 5, 10, 1, 1, Duration.ofMinutes(30));
		String alice = token("limit-alice-" + id, "SHOPPER");
		String bob = token("limit-bob-" + id, "SHOPPER");
		String carol = token("limit-carol-" + id, "SHOPPER");
		String aliceSession = json(start(id, alice), 201).path("id").asString();
		String bobSession = json(start(id, bob), 201).path("id").asString();

		assertThat(type(json(cut(aliceSession, alice), 409))).isEqualTo("self-help");
		json(cut(aliceSession, carol), 201);
		assertThat(type(json(cut(aliceSession, carol), 409))).isEqualTo("already-helped");
		JsonNode limit = json(cut(bobSession, carol), 409);
		assertThat(type(limit)).isEqualTo("help-limit-reached");
		assertThat(limit.path("limit").asInt()).isEqualTo(1);

		JsonNode again = json(start(id, alice), 409);
		assertThat(type(again)).isEqualTo("session-exists");
		assertThat(again.path("sessionId").asString()).isEqualTo(aliceSession);
		assertThat(json(cut("01a20000-0000-7000-8000-0000000003e7", carol), 404).path("status").asInt()).isEqualTo(404);
	}

	@Test
	void theOwnerBuysAtTheCurrentPriceOnceAndPaysLikeAnyOrder() {
		long id = bargain(1_000, 4, 10, 2, 5, Duration.ofMinutes(30));
		String owner = token("buy-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		long afterTwo = 0;
		for (int i = 0; i < 2; i++) {
			afterTwo = json(cut(sessionId, token("buy-helper-" + i + "-" + id, "SHOPPER")), 201).path("currentPrice")
				.asLong();
		}
		assertThat(type(json(buy(sessionId, token("buy-stranger-" + id, "SHOPPER")), 403))).isEqualTo("forbidden");
		JsonNode bought = json(buy(sessionId, owner), 201);
		String orderId = bought.path("order").path("id").asString();
		assertThat(bought.path("order").path("unitPrice").asLong()).isEqualTo(afterTwo);
		assertThat(bought.path("order").path("status").asString()).isEqualTo("RESERVED");
		assertThat(bought.path("session").path("status").asString()).isEqualTo("PURCHASED");
		assertThat(json(buy(sessionId, owner), 201).path("order").path("id").asString()).isEqualTo(orderId);
		assertThat(type(json(cut(sessionId, token("buy-late-" + id, "SHOPPER")), 409))).isEqualTo("session-closed");

		JsonNode paid = json(client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + owner)
			.exchange(), 200);
		assertThat(paid.path("status").asString()).isEqualTo("PAID");
		assertThat(campaign(id).path("stockLeft").asLong()).isEqualTo(9);
		// The session is closed: the owner may start another one (perUserLimit 2).
		json(start(id, owner), 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
	}

	@Test
	void stockCanRunOutBeforeASessionIsBoughtAndSaysSo() {
		long id = bargain(100, 2, 1, 1, 5, Duration.ofMinutes(30));
		String first = token("stock-first-" + id, "SHOPPER");
		String second = token("stock-second-" + id, "SHOPPER");
		String firstSession = json(start(id, first), 201).path("id").asString();
		String secondSession = json(start(id, second), 201).path("id").asString();
		json(buy(firstSession, first), 201);
		JsonNode soldOut = json(buy(secondSession, second), 409);
		assertThat(type(soldOut)).isEqualTo("sold-out");
		assertThat(soldOut.path("detail").asString()).contains("sold out before this session was bought");
		assertThat(type(json(start(id, token("stock-third-" + id, "SHOPPER")), 409))).isEqualTo("sold-out");
		// Nothing can be bought: a helper's cut would only spend their daily help.
		assertThat(type(json(cut(secondSession, token("stock-helper-" + id, "SHOPPER")), 409))).isEqualTo("sold-out");
	}

	@Test
	void aSessionPastItsDeadlineExpiresAndCanNoLongerBeBought() {
		long id = bargain(100, 2, 5, 1, 5, Duration.ofSeconds(1));
		String owner = token("expire-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(session(sessionId).path("status").asString()).isEqualTo("EXPIRED"));
		assertThat(type(json(buy(sessionId, owner), 409))).isEqualTo("session-closed");
		assertThat(type(json(cut(sessionId, token("expire-helper-" + id, "SHOPPER")), 409)))
			.isEqualTo("session-closed");
		assertThat(campaign(id).path("openSessions").asLong()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(storedSessionStatus(sessionId)));
	}

	private long cutsStored(String sessionId) {
		return this.db.sql("SELECT coalesce(sum(amount), 0) AS total FROM bargain_cuts WHERE session_id = $1::uuid")
			.bind(0, sessionId)
			.map((row) -> row.get("total", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private String storedSessionStatus(String sessionId) {
		return this.db.sql("SELECT status FROM bargain_sessions WHERE id = $1::uuid")
			.bind(0, sessionId)
			.map((row) -> row.get("status", String.class))
			.one()
			.defaultIfEmpty("")
			.block(Duration.ofSeconds(10));
	}

}
