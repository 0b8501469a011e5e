package io.flashgroup.giveaway;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.IntegrationTestSupport;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers of the giveaway tests: giveaways, entries, reads and the draw awaited. */
abstract class GiveawayTestSupport extends IntegrationTestSupport {

	private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

	private static final String CLOSES_IN = "test:closesIn";

	/** A user id no other test uses. */
	static String user(String name) {
		return name + "-" + Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	/** A giveaway body: entries from a minute ago until {@code closesIn} from now. */
	static Map<String, Object> body(int winners, Duration closesIn) {
		Map<String, Object> body = new HashMap<>();
		body.put("sku", "SKU-GIFT");
		body.put("title", "Free earbuds 免费送");
		body.put("winners", winners);
		body.put("opensAt", Instant.now().minusSeconds(60).toString());
		body.put("closesAt", Instant.now().plus(closesIn).toString());
		body.put(CLOSES_IN, closesIn);
		return body;
	}

	WebTestClient.ResponseSpec createGiveaway(String token, Map<String, Object> body) {
		Map<String, Object> sent = new HashMap<>(body);
		sent.remove(CLOSES_IN);
		return client().post()
			.uri("/api/giveaways")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(sent)
			.exchange();
	}

	/** A seller's giveaway; its answer. */
	JsonNode giveaway(Map<String, Object> body) {
		String seller = token(user("seller"), "SELLER");
		// The window's end counted from now, after the token: a slow machine must not
		// close a short giveaway before it is created.
		Duration closesIn = (Duration) body.remove(CLOSES_IN);
		if (closesIn != null) {
			body.put("closesAt", Instant.now().plus(closesIn).toString());
		}
		return json(createGiveaway(seller, body), 201);
	}

	WebTestClient.ResponseSpec enter(long id, String token) {
		return client().post()
			.uri("/api/giveaways/{id}/entries", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	WebTestClient.ResponseSpec claimPrize(long id, String token) {
		return client().post()
			.uri("/api/giveaways/{id}/prize", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	/** GET /api/giveaways/{id}, as the token's holder (null: anonymously). */
	JsonNode read(long id, String token) {
		WebTestClient.RequestHeadersSpec<?> get = client().get().uri("/api/giveaways/{id}", id);
		if (token != null) {
			get = get.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return json(get.exchange(), 200);
	}

	/** The giveaway once drawn, as read anonymously. */
	JsonNode awaitDrawn(long id) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> "DRAWN".equals(read(id, null).path("status").asString()));
		return read(id, null);
	}

	/** What PostgreSQL holds of a table's rows for one giveaway, as "user_id" values. */
	List<String> users(String table, long id) {
		return this.db.sql("SELECT user_id FROM " + table + " WHERE giveaway_id = $1 ORDER BY user_id")
			.bind(0, id)
			.map((row) -> row.get("user_id", String.class))
			.all()
			.collectList()
			.block();
	}

}
