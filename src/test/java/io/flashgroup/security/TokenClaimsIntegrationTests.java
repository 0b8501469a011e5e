package io.flashgroup.security;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.shared.ProblemShape;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validly signed tokens with odd claims: whatever a token carries, it is either a user
 * with a sane id, an expiry and roles as text, or a 401 {@code unauthorized} problem,
 * never a 500 and never a shared user {@code ""}.
 */
class TokenClaimsIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private SecurityProperties properties;

	@Test
	void refusesTokensWhoseRolesAreNotText() {
		long saleId = liveSale(10, 5);
		for (Object roles : List.of(List.of(List.of("SHOPPER")), 7, Map.of("role", "SHOPPER"), List.of(1),
				List.of(Map.of("name", "SHOPPER")), true)) {
			String token = sign(claims("odd-roles-" + saleId, Map.of("roles", roles)));
			assertUnauthorized("roles " + roles, readOrders(token));
			assertUnauthorized("roles " + roles, purchase(saleId, token, 1, "odd-roles"));
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(storedOrders(saleId)).isEmpty();
	}

	@Test
	void refusesTokensWithoutASaneSubject() {
		long saleId = liveSale(10, 5);
		List<Map<String, Object>> spoilt = List.of(without(claims("x", Map.of()), "sub"), claims("", Map.of()),
				claims(" ", Map.of()), claims("a:b", Map.of()), claims("a\u0000b", Map.of()), claims("{c:1}", Map.of()),
				claims("caf\u00e9", Map.of()), claims("u".repeat(65), Map.of()), claims("a b", Map.of()));
		for (Map<String, Object> claims : spoilt) {
			String token = sign(claims);
			assertUnauthorized("sub " + claims.get("sub"), readOrders(token));
			assertUnauthorized("sub " + claims.get("sub"), purchase(saleId, token, 1, "odd-sub"));
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(storedOrders(saleId)).isEmpty();
	}

	@Test
	void refusesTokensWithoutExpiryOrExpiredBeyondTheClockSkew() {
		String user = "expiry-" + System.nanoTime();
		long now = Instant.now().getEpochSecond();
		assertUnauthorized("no exp", readOrders(sign(without(claims(user, Map.of()), "exp"))));
		assertUnauthorized("exp a minute ago", readOrders(sign(claims(user, Map.of("exp", now - 60)))));
		assertUnauthorized("exp as text", readOrders(sign(claims(user, Map.of("exp", "tomorrow")))));
		assertUnauthorized("nbf in a minute", readOrders(sign(claims(user, Map.of("nbf", now + 60)))));
		readOrders(sign(claims(user, Map.of("exp", now - 5)))).expectStatus().isOk();
		readOrders(sign(claims(user, Map.of("nbf", now + 5)))).expectStatus().isOk();
	}

	@Test
	void acceptsRolesAsAListOfTextOrSpaceSeparatedTextOrNone() {
		String user = "roles-ok-" + System.nanoTime();
		readOrders(sign(claims(user, Map.of("roles", List.of("SHOPPER", "SOMETHING-ELSE"))))).expectStatus().isOk();
		readOrders(sign(claims(user, Map.of("roles", "SHOPPER SELLER")))).expectStatus().isOk();
		readOrders(sign(without(claims(user, Map.of()), "roles"))).expectStatus().isOk();
		long saleId = liveSale(10, 5);
		String noRoles = sign(without(claims(user, Map.of()), "roles"));
		purchase(saleId, noRoles, 1, "no-roles").expectStatus().isForbidden();
	}

	@Test
	void refusesANameThatIsNotText() {
		String user = "odd-name-" + System.nanoTime();
		assertUnauthorized("name object", readOrders(sign(claims(user, Map.of("name", Map.of("first", "Ann"))))));
		assertUnauthorized("name list", readOrders(sign(claims(user, Map.of("name", List.of("Ann"))))));
		assertUnauthorized("name number", readOrders(sign(claims(user, Map.of("name", 7)))));
	}

	@Test
	void cleansDisplayNamesOfTextPostgresCannotStoreAndBoundsThem() throws Exception {
		long bargainId = bargain();
		String emoji = new String(Character.toChars(0x1F600));
		Map<String, String> names = new LinkedHashMap<>();
		names.put("Ann\\u0000 \\ud800Lee\\udc00", "Ann Lee");
		names.put("x".repeat(39) + emoji + "tail", "x".repeat(39) + emoji);
		names.put("\\u0000\\ud800", null);
		int i = 0;
		for (Map.Entry<String, String> name : names.entrySet()) {
			String user = "named-" + (i++) + "-" + bargainId;
			String payload = JSON.writeValueAsString(claims(user, Map.of()));
			payload = payload.substring(0, payload.length() - 1) + ",\"name\":\"" + name.getKey() + "\"}";
			JsonNode session = json(client().post()
				.uri("/api/bargains/{id}/sessions", bargainId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + sign(payload))
				.exchange(), 201);
			String expected = (name.getValue() != null) ? name.getValue() : user;
			assertThat(session.path("ownerName").asString()).isEqualTo(expected);
			String sessionId = session.path("id").asString();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(storedOwnerName(sessionId)));
		}
	}

	@Test
	void devTokensAreAcceptedAndTheirUserIdsFollowTheSameRule() {
		readOrders(token("dev-user.1@example.org", "SHOPPER")).expectStatus().isOk();
		for (String userId : List.of("", "a:b", "caf\u00e9", "u".repeat(65), "{c:1}", "a\u0000b")) {
			WebTestClient.ResponseSpec response = client().post()
				.uri("/api/dev/tokens")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("userId", userId, "roles", List.of("SHOPPER")))
				.exchange();
			String body = response.expectStatus()
				.isBadRequest()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			JsonNode problem = ProblemShape.assertProblem(body, 400, "validation");
			assertThat(problem.path("errors").has("userId")).as(userId).isTrue();
		}
	}

	private WebTestClient.ResponseSpec readOrders(String token) {
		return client().get().uri("/api/me/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private static void assertUnauthorized(String what, WebTestClient.ResponseSpec response) {
		String body = response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		// Refused before any controller, in the same shape as the controllers' problems.
		assertThat(ProblemShape.assertProblem(body, 401, "unauthorized").path("instance").asString()).as(what)
			.startsWith("/api/");
	}

	/** Claims of a well-formed shopper token, with {@code changes} put over them. */
	private static Map<String, Object> claims(String subject, Map<String, Object> changes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		claims.put("iat", Instant.now().minusSeconds(120).getEpochSecond());
		claims.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
		claims.put("roles", List.of("SHOPPER"));
		claims.putAll(changes);
		return claims;
	}

	private static Map<String, Object> without(Map<String, Object> claims, String name) {
		claims.remove(name);
		return claims;
	}

	private String sign(Map<String, Object> claims) {
		return sign(JSON.writeValueAsString(claims));
	}

	/** The payload signed with the dev HMAC key, byte for byte as given. */
	private String sign(String payload) {
		try {
			JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
			jws.sign(new MACSigner(SecurityConfiguration.hmacKey(this.properties)));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long bargain() {
		Instant now = Instant.now();
		return json(client().post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("names-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "N", "title", "Names bargain", "currency", "EUR", "listPrice", 1000, "floorPrice",
					500, "helpersNeeded", 5, "sessionTtl", "PT30M", "stock", 10, "startsAt",
					now.minusSeconds(5).toString(), "endsAt", now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
	}

	private String storedOwnerName(String sessionId) {
		return this.db.sql("SELECT owner_name FROM bargain_sessions WHERE id = $1::uuid")
			.bind(0, sessionId)
			.map((row) -> row.get("owner_name", String.class))
			.one()
			.block(Duration.ofSeconds(5));
	}

}
