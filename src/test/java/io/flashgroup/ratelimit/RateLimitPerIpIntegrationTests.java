package io.flashgroup.ratelimit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-IP buckets, off by default, turned on here for bargain sessions with the test
 * client (127.0.0.1) as the trusted proxy: a bot farm of many users behind one address is
 * slowed, other addresses are not.
 */
@TestPropertySource(properties = { "flashgroup.rate-limits.exempt-loopback=false",
		"flashgroup.rate-limits.trusted-proxies=127.0.0.1,10.0.0.0/8", "flashgroup.rate-limits.session.ip.capacity=3",
		"flashgroup.rate-limits.session.ip.refill-per-second=0.1" })
class RateLimitPerIpIntegrationTests extends RateLimitTestSupport {

	/** One bargain for both tests (see {@code RateLimitIntegrationTests#sharedSale}). */
	private static long sharedBargain;

	@Test
	void slowsManyUsersBehindOneAddressButNotOthers() {
		long bargainId = sharedBargain();
		String farm = "198.51.100." + (bargainId % 250);
		double rejectedBefore = rejected("session", "ip");
		long openBefore = sessionsOpen(bargainId);
		for (int bot = 0; bot < 3; bot++) {
			json(startSession(bargainId, token("bot-" + bot + "-" + bargainId, "SHOPPER"), farm), 201);
		}

		// The fourth bot is a new user, whose own bucket is full: its address is what is
		// limited.
		JsonNode refused = json(startSession(bargainId, token("bot-3-" + bargainId, "SHOPPER"), farm), 429);
		assertThat(refused.path("type").asString()).isEqualTo("https://flashgroup.io/problems/rate-limited");
		assertThat(refused.path("retryAfter").asLong()).isBetween(1L, 10L);
		assertThat(rejected("session", "ip") - rejectedBefore).isEqualTo(1);
		// Whatever a client writes before the trusted proxy's entry is not believed.
		json(startSession(bargainId, token("bot-4-" + bargainId, "SHOPPER"), "192.0.2.1, " + farm), 429);
		// A chain of trusted proxies (10.x) after the client is skipped to find the
		// client.
		json(startSession(bargainId, token("bot-5-" + bargainId, "SHOPPER"), farm + ", 10.1.2.3"), 429);

		String neighbour = "203.0.113." + (bargainId % 250);
		json(startSession(bargainId, token("neighbour-" + bargainId, "SHOPPER"), neighbour), 201);
		assertThat(sessionsOpen(bargainId) - openBefore).isEqualTo(4);
	}

	@Test
	void keysTheProxyItselfWhenItNamesNoClient() {
		long bargainId = sharedBargain();
		// No X-Forwarded-For: the peer (127.0.0.1, not exempt here) is the client; its
		// bucket
		// is shared with nobody else in this class's other test, which always names a
		// client.
		int accepted = 0;
		for (int user = 0; user < 5; user++) {
			int status = startSession(bargainId, token("direct-" + user + "-" + bargainId, "SHOPPER"), null)
				.returnResult(JsonNode.class)
				.getStatus()
				.value();
			accepted += (status == 201) ? 1 : 0;
			assertThat(status).isIn(201, 429);
		}
		assertThat(accepted).isLessThanOrEqualTo(3);
	}

	private long sharedBargain() {
		if (sharedBargain == 0) {
			sharedBargain = bargain();
		}
		return sharedBargain;
	}

	private long sessionsOpen(long bargainId) {
		return json(client().get().uri("/api/bargains/{id}", bargainId).exchange(), 200).path("openSessions").asLong();
	}

}
