package io.flashgroup.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.shared.ProblemShape;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A battery of hostile and odd requests, sent byte for byte over a socket: whoever
 * refuses them (Netty's decoder, the security firewall, the codecs, a controller), the
 * answer is a 4xx {@code application/problem+json} in the house shape, never a 5xx or a
 * stack trace, and nothing changes.
 */
class HostileRequestsIntegrationTests extends IntegrationTestSupport {

	private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 422, 431);

	private static final List<String> ODD_CAMPAIGN_IDS = List.of("+%s", "0%s", "-%s", "%s.0", "%s%%20", "%s%%00",
			"%%D9%%A1", "..%%2F%s", "%s%%2F..", "%%2e%%2e", "%s%%252F", "%s;x=1", "%%ZZ", "%s%%",
			"99999999999999999999", "1e3", "%%F0%%9F%%92%%A5", "%%C0%%AF", "%s%%0A", "x".repeat(300));

	private static final List<String> ODD_UUIDS = List.of("%S", "+%s", "%%7B%s%%7D", "%s%%00", "..%%2F%s", "%s%%2F..",
			"%s%%252F", "1-1-1-1-1", "%%ZZ", "%s%%0D%%0A", "00000000-0000-0000-0000-000000000000");

	@Test
	void refusesOddIdsInEveryIdPositionWithAProblemAndChangesNothing() {
		Fixture fixture = fixture();
		String caller = "battery-" + System.nanoTime() + "-";
		List<String> requests = new ArrayList<>();
		for (String form : ODD_CAMPAIGN_IDS) {
			String id = String.format(form, fixture.saleId);
			String groupBuy = String.format(form, fixture.groupBuyId);
			String bargain = String.format(form, fixture.bargainId);
			requests.addAll(List.of("GET /api/flash-sales/" + id, "POST /api/flash-sales/" + id + "/cancel",
					"POST /api/flash-sales/" + id + "/purchases", "GET /api/group-buys/" + groupBuy,
					"GET /api/group-buys/" + groupBuy + "/groups", "POST /api/group-buys/" + groupBuy + "/groups",
					"POST /api/group-buys/" + groupBuy + "/join", "POST /api/group-buys/" + groupBuy + "/cancel",
					"GET /api/bargains/" + bargain, "POST /api/bargains/" + bargain + "/cancel",
					"POST /api/bargains/" + bargain + "/sessions", "GET /api/ops/campaigns/" + id + "/audit",
					"GET /api/live/flash-sale:" + id, "GET /api/live/group-buy:" + groupBuy));
		}
		for (String form : ODD_UUIDS) {
			String group = uuidForm(form, fixture.groupId);
			String session = uuidForm(form, fixture.sessionId);
			String order = uuidForm(form, fixture.orderId);
			requests.addAll(List.of("GET /api/groups/" + group, "POST /api/groups/" + group + "/members",
					"DELETE /api/groups/" + group + "/members/me", "GET /api/bargain-sessions/" + session,
					"POST /api/bargain-sessions/" + session + "/cuts",
					"POST /api/bargain-sessions/" + session + "/purchase", "GET /api/orders/" + order,
					"POST /api/orders/" + order + "/payment", "GET /api/live/group:" + group,
					"GET /api/live/bargain:" + session));
		}
		String token = "";
		for (int i = 0; i < requests.size(); i++) {
			// A new caller every ten requests, below every per-user rate limit's burst: a
			// 429
			// would be a refusal too, but would hide what the odd id itself gets.
			if (i % 10 == 0) {
				token = token(caller + i, "SHOPPER", "SELLER", "OPS");
			}
			String request = requests.get(i);
			String[] parts = request.split(" ", 2);
			assertRefused(request, send(parts[0], parts[1], token,
					"Content-Type: application/json\r\nIdempotency-Key: battery\r\n", "{\"quantity\":1}"));
		}
		fixture.assertUnchanged(this);
	}

	@Test
	void refusesWhatNettyCannotDecodeWithAProblem() {
		String token = token("netty-battery", "SHOPPER");
		assertRefused("overlong URI", RawHttp.exchange(this.port,
				"GET /api/flash-sales/" + "1".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
		assertRefused("huge header", RawHttp.exchange(this.port,
				"GET /api/flash-sales HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(70_000) + "\r\n\r\n"), 431);
		assertRefused("garbage request line", RawHttp.exchange(this.port, "HELLO\r\n\r\n"), 400);
		assertRefused("NUL in the request line",
				RawHttp.exchange(this.port, "GET /api/flash-sales/1\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
		assertRefused("bad content length", RawHttp.exchange(this.port,
				"POST /api/flash-sales/1/purchases HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"), 400);
		assertRefused("bad percent-encoding", RawHttp.exchange(this.port,
				"GET /api/flash-sales/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
		assertRefused("space in the path", send("GET", "/api/flash-sales/1 2", token, "", null));
	}

	@Test
	void refusesOddRequestsToRealEndpointsWithAProblemAndChangesNothing() {
		Fixture fixture = fixture();
		String shopper = token("odd-shopper-" + fixture.saleId, "SHOPPER");
		String seller = token("odd-seller-" + fixture.saleId, "SELLER");
		String purchase = "/api/flash-sales/" + fixture.saleId + "/purchases";
		String json = "Content-Type: application/json\r\nIdempotency-Key: odd\r\n";
		assertRefused("Accept text/plain on a purchase",
				send("POST", purchase, shopper, json + "Accept: text/plain\r\n", "{\"quantity\":1}"), 406);
		assertRefused("Accept text/plain on a read",
				send("GET", "/api/flash-sales/" + fixture.saleId, null, "Accept: text/plain\r\n", null), 406);
		assertRefused("Accept JSON on the event stream",
				send("GET", "/api/live/flash-sale:" + fixture.saleId, null, "Accept: application/json\r\n", null), 406);
		assertRefused("text/plain body", send("POST", purchase, shopper,
				"Content-Type: text/plain\r\nIdempotency-Key: odd\r\n", "{\"quantity\":1}"), 415);
		assertRefused("XML body",
				send("POST", "/api/flash-sales", seller, "Content-Type: application/xml\r\n", "<sale/>"), 415);
		assertRefused("unknown route", send("GET", "/api/nothing-here", shopper, "", null), 404);
		assertRefused("unknown page", send("GET", "/nothing-here", null, "", null), 404);
		assertRefused("wrong method", send("PUT", "/api/flash-sales/" + fixture.saleId, shopper, json, "{}"), 405);
		assertRefused("unknown method", send("BREW", "/api/flash-sales", null, "", null));
		assertRefused("oversized body",
				send("POST", purchase, shopper, json, "{\"quantity\":1,\"pad\":\"" + "x".repeat(2_000_000) + "\"}"),
				413);
		assertRefused("fractional quantity", send("POST", purchase, shopper, json, "{\"quantity\":1.5}"), 400);
		assertRefused("negative quantity", send("POST", purchase, shopper, json, "{\"quantity\":-1}"), 400);
		assertRefused("huge quantity", send("POST", purchase, shopper, json, "{\"quantity\":1e400}"), 400);
		assertRefused("quantity out of int range", send("POST", purchase, shopper, json, "{\"quantity\":4294967297}"),
				400);
		assertRefused("NUL in a key", send("POST", purchase, shopper,
				"Content-Type: application/json\r\nIdempotency-Key: a\u0000b\r\n", "{\"quantity\":1}"));
		assertRefused("deeply nested body",
				send("POST", purchase, shopper, json, "{\"quantity\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
				400);
		for (String field : List.of("sku", "title", "imageUrl")) {
			Map<String, Object> body = new java.util.HashMap<>(saleBody());
			body.put(field, "a\u0000b");
			assertRefused("NUL in " + field, send("POST", "/api/flash-sales", seller,
					"Content-Type: application/json\r\n", JSON.writeValueAsString(body)), 400);
		}
		fixture.assertUnchanged(this);
	}

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private RawHttp.Response send(String method, String path, String token, String headers, String body) {
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
		if (token != null) {
			request.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		request.append(headers);
		byte[] content = (body != null) ? body.getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("\r\n");
		byte[] head = request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] all = java.util.Arrays.copyOf(head, head.length + content.length);
		System.arraycopy(content, 0, all, head.length, content.length);
		return RawHttp.exchange(this.port, all);
	}

	private static void assertRefused(String what, RawHttp.Response response, int status) {
		assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
		assertRefused(what, response);
	}

	private static void assertRefused(String what, RawHttp.Response response) {
		assertThat(response.status()).as(what + ": " + response.body()).isIn(REFUSALS);
		assertThat(response.contentType()).as(what).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		ProblemShape.assertProblem(response.body(), response.status(), null);
	}

	private static String uuidForm(String form, String uuid) {
		return form.equals("%S") ? uuid.toUpperCase(java.util.Locale.ROOT) : String.format(form, uuid);
	}

	private static Map<String, Object> saleBody() {
		Instant now = Instant.now();
		return Map.of("sku", "ODD", "title", "Odd", "price", 100, "currency", "EUR", "stock", 10, "startsAt",
				now.minusSeconds(5).toString(), "endsAt", now.plusSeconds(3600).toString());
	}

	/** One live campaign of each kind, a group with its leader's order, a session. */
	private Fixture fixture() {
		long saleId = liveSale(10, 5);
		String seller = token("battery-seller", "SELLER");
		Instant now = Instant.now();
		long groupBuyId = json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + seller)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "G", "title", "Battery group", "currency", "EUR", "groupPrice", 500, "groupSize",
					3, "groupTtl", "PT30M", "stock", 10, "startsAt", now.minusSeconds(5).toString(), "endsAt",
					now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
		long bargainId = json(client().post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + seller)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "B", "title", "Battery bargain", "currency", "EUR", "listPrice", 1000,
					"floorPrice", 500, "helpersNeeded", 5, "sessionTtl", "PT30M", "stock", 10, "startsAt",
					now.minusSeconds(5).toString(), "endsAt", now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
		JsonNode seat = json(client().post()
			.uri("/api/group-buys/{id}/groups", groupBuyId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("battery-leader", "SHOPPER"))
			.header("Idempotency-Key", "battery")
			.exchange(), 201);
		String sessionId = json(client().post()
			.uri("/api/bargains/{id}/sessions", bargainId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("battery-owner", "SHOPPER"))
			.exchange(), 201).path("id").asString();
		return new Fixture(saleId, groupBuyId, bargainId, seat.path("group").path("id").asString(),
				seat.path("order").path("id").asString(), sessionId);
	}

	private record Fixture(long saleId, long groupBuyId, long bargainId, String groupId, String orderId,
			String sessionId) {

		void assertUnchanged(HostileRequestsIntegrationTests test) {
			JsonNode sale = json(test.client().get().uri("/api/flash-sales/{id}", this.saleId).exchange(), 200);
			assertThat(sale.path("status").asString()).isEqualTo("LIVE");
			assertThat(sale.path("stockLeft").asLong()).isEqualTo(10);
			JsonNode groupBuy = json(test.client().get().uri("/api/group-buys/{id}", this.groupBuyId).exchange(), 200);
			assertThat(groupBuy.path("status").asString()).isEqualTo("LIVE");
			assertThat(groupBuy.path("stockLeft").asLong()).isEqualTo(9);
			JsonNode group = json(test.client().get().uri("/api/groups/{id}", this.groupId).exchange(), 200);
			assertThat(group.path("members")).hasSize(1);
			assertThat(group.path("status").asString()).isEqualTo("OPEN");
			JsonNode bargain = json(test.client().get().uri("/api/bargains/{id}", this.bargainId).exchange(), 200);
			assertThat(bargain.path("status").asString()).isEqualTo("LIVE");
			JsonNode session = json(test.client().get().uri("/api/bargain-sessions/{id}", this.sessionId).exchange(),
					200);
			assertThat(session.path("cutsMade").asInt()).isZero();
			assertThat(session.path("status").asString()).isEqualTo("OPEN");
			Duration wait = Duration.ofSeconds(2);
			org.awaitility.Awaitility.await()
				.during(wait)
				.atMost(wait.plusSeconds(5))
				.until(() -> test.storedOrders(this.saleId).isEmpty()
						&& test.storedOrders(this.groupBuyId).keySet().equals(Set.of(this.orderId)));
		}

	}

}
