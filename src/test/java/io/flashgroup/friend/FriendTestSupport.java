package io.flashgroup.friend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.flashgroup.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Shoppers with fresh ids (the database is shared by every test) and the friend routes as
 * they call them.
 */
abstract class FriendTestSupport extends IntegrationTestSupport {

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	/** A shopper nobody has met: {@code name-<random>}. */
	static String shopper(String name) {
		return name + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
	}

	String bearer(String userId) {
		return "Bearer " + this.tokens.computeIfAbsent(userId, (id) -> token(id, "SHOPPER"));
	}

	WebTestClient.ResponseSpec post(String userId, String path, Object body) {
		return client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer(userId))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	WebTestClient.ResponseSpec post(String userId, String path) {
		return client().post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)).exchange();
	}

	WebTestClient.ResponseSpec get(String userId, String path) {
		return client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)).exchange();
	}

	WebTestClient.ResponseSpec delete(String userId, String path) {
		return client().delete().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)).exchange();
	}

	WebTestClient.ResponseSpec invite(String inviter, String invitee) {
		return post(inviter, "/api/friends/invitations", Map.of("userId", invitee));
	}

	WebTestClient.ResponseSpec redeem(String userId, String code) {
		return post(userId, "/api/friends/invitations", Map.of("code", code));
	}

	/** A new invite code of {@code owner}. */
	String inviteCode(String owner) {
		return json(post(owner, "/api/me/invite-codes"), 201).path("code").asString();
	}

	/** Makes the two friends by invitation and acceptance. */
	void befriend(String a, String b) {
		long id = json(invite(a, b), 201).path("id").asLong();
		json(post(b, "/api/friends/invitations/" + id + "/accept"), 200);
	}

	/** The shopper's friends' user ids as the API lists them. */
	List<String> friendIds(String userId) {
		JsonNode friends = json(get(userId, "/api/me/friends"), 200);
		return friends.valueStream().map((friend) -> friend.path("userId").asString()).toList();
	}

	/** {@code circle_reach(viewer)} as author to distance. */
	Map<String, Integer> reach(String viewer) {
		return this.db.sql("SELECT author, distance FROM circle_reach($1)")
			.bind(0, viewer)
			.map((row) -> Map.entry(row.get("author", String.class), row.get("distance", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(10));
	}

	/** Friendship rows between the two (0 or 1, whatever the order). */
	long friendshipRows(String a, String b) {
		return this.db
			.sql("SELECT count(*) AS n FROM friendships WHERE (user_low = $1 AND user_high = $2)"
					+ " OR (user_low = $2 AND user_high = $1)")
			.bind(0, a)
			.bind(1, b)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
