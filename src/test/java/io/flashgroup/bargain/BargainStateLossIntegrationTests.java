package io.flashgroup.bargain;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses a live bargain's state: sessions, their owners, the helpers' daily counts
 * and the cuts still to make come back from PostgreSQL, and the session reaches its floor
 * exactly.
 */
class BargainStateLossIntegrationTests extends BargainTestSupport {

	@Test
	void rebuildsSessionsAndTheirCutsThenTheSessionReachesItsFloor() {
		long id = bargain(3_000, 4, 5, 1, 1, Duration.ofMinutes(30));
		String owner = token("bl-owner-" + id, "SHOPPER");
		String sessionId = json(start(id, owner), 201).path("id").asString();
		String helper = token("bl-helper-" + id, "SHOPPER");
		json(cut(sessionId, helper), 201);
		json(cut(sessionId, token("bl-helper2-" + id, "SHOPPER")), 201);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> audit(id).path("agrees").asBoolean() && storedSession(sessionId).startsWith("OPEN"));
		JsonNode sessionBefore = session(sessionId);
		JsonNode campaignBefore = withoutServerTime(campaign(id));

		loseHotState(id);
		assertThat(rebuildLostCampaigns()).isGreaterThanOrEqualTo(1);

		assertThat(session(sessionId)).isEqualTo(sessionBefore);
		assertThat(withoutServerTime(campaign(id))).isEqualTo(campaignBefore);
		// One open session per owner, one cut per helper per session, one help a day.
		assertThat(type(json(start(id, owner), 409))).isEqualTo("session-exists");
		assertThat(type(json(cut(sessionId, helper), 409))).isEqualTo("already-helped");
		String otherSession = json(start(id, token("bl-owner2-" + id, "SHOPPER")), 201).path("id").asString();
		assertThat(type(json(cut(otherSession, helper), 409))).isEqualTo("help-limit-reached");
		json(cut(sessionId, token("bl-helper3-" + id, "SHOPPER")), 201);
		JsonNode last = json(cut(sessionId, token("bl-helper4-" + id, "SHOPPER")), 201);
		assertThat(last.path("currentPrice").asLong()).isEqualTo(7_000);
		JsonNode done = session(sessionId);
		assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.path("currentPrice").asLong()).isEqualTo(7_000);
		String orderId = json(buy(sessionId, owner), 201).path("order").path("id").asString();
		pay(orderId, owner);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(id).path("agrees").asBoolean());
		assertThat(audit(id).path("postgres").path("heldUnits").asLong()).isEqualTo(1);
	}

	private static JsonNode withoutServerTime(JsonNode view) {
		((ObjectNode) view).remove("serverTime");
		return view;
	}

}
