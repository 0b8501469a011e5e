package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers of the bargain integration tests. */
abstract class BargainTestSupport extends IntegrationTestSupport {

	/** A bargain live from now for an hour: list 10,000, floor {@code 10,000 - toCut}. */
	long bargain(long toCut, int helpersNeeded, int stock, int perUserLimit, int helpsPerDay, Duration sessionTtl) {
		return bargain(toCut, helpersNeeded, stock, perUserLimit, helpsPerDay, sessionTtl, Duration.ofMinutes(10),
				Instant.now().plusSeconds(3600));
	}

	/** A bargain live from now until {@code endsAt}, paid within {@code payWindow}. */
	long bargain(long toCut, int helpersNeeded, int stock, int perUserLimit, int helpsPerDay, Duration sessionTtl,
			Duration payWindow, Instant endsAt) {
		Map<String, Object> body = CampaignBodies.bargain(10_000, 10_000 - toCut, helpersNeeded, stock);
		body.put("sessionTtl", sessionTtl.toString());
		body.put("perUserLimit", perUserLimit);
		body.put("helpsPerHelperPerDay", helpsPerDay);
		body.put("endsAt", endsAt.toString());
		body.put("payWindow", payWindow.toString());
		return create("/api/bargains", "bargain-seller", body);
	}

	WebTestClient.ResponseSpec start(long campaignId, String shopper) {
		return post("/api/bargains/" + campaignId + "/sessions", shopper);
	}

	WebTestClient.ResponseSpec cut(String sessionId, String helper) {
		return post("/api/bargain-sessions/" + sessionId + "/cuts", helper);
	}

	WebTestClient.ResponseSpec buy(String sessionId, String owner) {
		return post("/api/bargain-sessions/" + sessionId + "/purchase", owner);
	}

	private WebTestClient.ResponseSpec post(String path, String token) {
		return client().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	JsonNode session(String sessionId) {
		return json(client().get().uri("/api/bargain-sessions/{id}", sessionId).exchange(), 200);
	}

	/**
	 * The session's row in PostgreSQL as status and order id ("" when none), "" when
	 * absent.
	 */
	String storedSession(String sessionId) {
		return this.db
			.sql("SELECT status || ':' || coalesce(order_id::text, '') AS row FROM bargain_sessions "
					+ "WHERE id = $1::uuid")
			.bind(0, sessionId)
			.map((row) -> row.get("row", String.class))
			.one()
			.defaultIfEmpty("")
			.block(Duration.ofSeconds(10));
	}

	JsonNode campaign(long id) {
		return json(client().get().uri("/api/bargains/{id}", id).exchange(), 200);
	}

	static String type(JsonNode problem) {
		String type = problem.path("type").asString();
		return type.substring(type.lastIndexOf('/') + 1);
	}

}
