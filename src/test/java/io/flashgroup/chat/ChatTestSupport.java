package io.flashgroup.chat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Helpers of the chat's tests: a shared post (a paid order of a sale with share-coupon
 * terms), friendships inserted directly, sending and reading messages, live watchers of a
 * thread.
 */
abstract class ChatTestSupport extends IntegrationTestSupport {

	private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

	/** A user id no other test uses. */
	static String user(String name) {
		return name + "-" + Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	/** A client message id no other send uses. */
	static String clientId() {
		return "m-" + Long.toString(UNIQUE.incrementAndGet(), 36);
	}

	/** The author buys in a fresh shareable sale, pays and shares: the post id. */
	long post(String authorToken) {
		Map<String, Object> body = CampaignBodies.flashSale(10_000, 5);
		body.put("shareCoupon", Map.of("discount", Map.of("amount", 500), "claimsPerShare", 3));
		long sale = create("/api/flash-sales", user("seller"), body);
		String orderId = json(purchase(sale, authorToken, 1, "buy-" + UNIQUE.incrementAndGet()), 201).path("id")
			.asString();
		pay(orderId, authorToken);
		return json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + authorToken)
			.header("Idempotency-Key", "share-" + UNIQUE.incrementAndGet())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 5, "note", "Worth it"))
			.exchange(), 201).path("id").asLong();
	}

	void befriend(String a, String b) {
		this.db.sql("INSERT INTO friendships (user_low, user_high) VALUES ($1, $2) ON CONFLICT DO NOTHING")
			.bind(0, (a.compareTo(b) < 0) ? a : b)
			.bind(1, (a.compareTo(b) < 0) ? b : a)
			.then()
			.block(Duration.ofSeconds(10));
	}

	void unfriend(String a, String b) {
		this.db.sql("DELETE FROM friendships WHERE user_low = $1 AND user_high = $2")
			.bind(0, (a.compareTo(b) < 0) ? a : b)
			.bind(1, (a.compareTo(b) < 0) ? b : a)
			.then()
			.block(Duration.ofSeconds(10));
	}

	WebTestClient.ResponseSpec send(long postId, String token, String clientMessageId, String text) {
		return client().post()
			.uri("/api/circle/posts/{id}/messages", postId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", text, "clientMessageId", clientMessageId))
			.exchange();
	}

	/** Sends a new message, asserting 201: the message. */
	JsonNode say(long postId, String token, String text) {
		return json(send(postId, token, clientId(), text), 201);
	}

	WebTestClient.ResponseSpec read(long postId, String token, String query) {
		return client().get()
			.uri("/api/circle/posts/" + postId + "/messages" + query)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	/** Messages stored for the post in PostgreSQL. */
	long storedCount(long postId) {
		Long count = this.db.sql("SELECT count(*) AS n FROM chat_messages WHERE post_id = $1")
			.bind(0, postId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (count != null) ? count : 0;
	}

	/** A live watcher of the post's thread, signed in with the token. */
	Watcher watchChat(long postId, String token) {
		return watch("{\"op\":\"subscribe\",\"topic\":\"chat:" + postId + "\",\"token\":\"" + token + "\"}");
	}

	/** Waits for the watcher's first answer: the snapshot or an error. */
	static JsonNode firstAnswer(Watcher watcher) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> watcher.received()
				.stream()
				.anyMatch((m) -> "snapshot".equals(m.path("type").asString())
						|| "error".equals(m.path("type").asString())));
		return watcher.received()
			.stream()
			.filter((m) -> "snapshot".equals(m.path("type").asString()) || "error".equals(m.path("type").asString()))
			.findFirst()
			.orElseThrow();
	}

	/** The ids of the messages the watcher received live, in order. */
	static java.util.List<Long> liveIds(Watcher watcher) {
		return watcher.received()
			.stream()
			.filter((m) -> "message".equals(m.path("state").path("event").asString()))
			.map((m) -> m.path("state").path("message").path("id").asLong())
			.toList();
	}

}
