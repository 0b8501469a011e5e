package io.flashgroup.circle;

import java.time.Duration;
import java.util.List;

import io.flashgroup.friend.FriendChangeListener;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circle's live topics: a post's public counter, and each watcher's own
 * {@code circle:me}, which never carries a claimer's id or an order id and never shows a
 * stranger's post.
 */
class CircleLiveIntegrationTests extends CircleTestSupport {

	@Test
	void aPostsTopicShowsItsCounterOnly() {
		long sale = shareableSale(3);
		String author = user("alice");
		String friend = user("bob");
		befriend(author, friend);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		try (Watcher watcher = watchTopic("post:" + postId)) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> !watcher.received().isEmpty()
						&& watcher.received().stream().anyMatch((m) -> "snapshot".equals(m.path("type").asString())));
			json(claim(postId, token(friend, "SHOPPER"), "k"), 201);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watcher.received()
					.stream()
					.anyMatch((m) -> m.path("state").path("claimsLeft").asInt(-1) == 2));
			for (JsonNode message : watcher.received()) {
				if (message.has("state")) {
					assertThat(message.path("state").propertyNames()).containsExactlyInAnyOrder("postId", "claimsLeft",
							"status");
				}
				assertThat(message.toString()).doesNotContain(friend).doesNotContain(author);
			}
		}
		assertThat(liveSnapshot("post:" + postId).path("state").path("claimsLeft").asInt()).isEqualTo(2);
		assertThat(liveSnapshot("post:999999999").path("type").asString()).isEqualTo("error");
	}

	@Test
	void circleMeShowsAWatcherTheirCirclesNewPostsAndClaimsAndNothingElse() {
		long sale = shareableSale(3);
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		String stranger = user("dave");
		befriend(alice, bob);
		befriend(bob, carol);
		name(bob, "Bob B.");
		String aliceToken = token(alice, "SHOPPER");
		String aliceOrder = paidOrder(sale, aliceToken);
		try (Watcher carols = watchMe(token(carol, "SHOPPER"));
				Watcher strangers = watchMe(token(stranger, "SHOPPER"));
				Watcher alices = watchMe(aliceToken)) {
			for (Watcher watcher : List.of(carols, strangers, alices)) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> watcher.received()
						.stream()
						.anyMatch((m) -> "snapshot".equals(m.path("type").asString())));
			}
			long postId = json(share(aliceToken, aliceOrder, 4, "Nice", "k"), 201).path("id").asLong();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> event(carols, "post") != null);
			JsonNode post = event(carols, "post").path("post");
			assertThat(post.path("id").asLong()).isEqualTo(postId);
			assertThat(post.path("distance").asInt()).isEqualTo(2);
			assertThat(post.path("via").asString()).isEqualTo("Bob B.");
			assertThat(post.path("note").asString()).isEqualTo("Nice");

			json(claim(postId, token(bob, "SHOPPER"), "k"), 201);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> event(carols, "claims") != null);
			JsonNode claims = event(carols, "claims");
			assertThat(claims.propertyNames()).containsExactlyInAnyOrder("event", "postId", "claimsLeft", "status");
			assertThat(claims.path("claimsLeft").asInt()).isEqualTo(2);
			// The author learns of claims on their post, not of their own post.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> event(alices, "claims") != null);
			assertThat(event(alices, "post")).isNull();

			for (JsonNode message : carols.received()) {
				// Alice's display name is her user id here (dev tokens carry no name
				// claim).
				assertThat(message.toString()).doesNotContain(aliceOrder).doesNotContain(bob + "\"");
			}
			assertThat(event(strangers, "post")).isNull();
			assertThat(event(strangers, "claims")).isNull();
		}
	}

	@Test
	void circleMeStopsShowingAnAuthorOnceTheirFriendshipEnds() {
		long sale = shareableSale(3);
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		befriend(alice, bob);
		befriend(carol, bob);
		String aliceToken = token(alice, "SHOPPER");
		String first = paidOrder(sale, aliceToken);
		String second = paidOrder(sale, aliceToken);
		try (Watcher bobs = watchMe(token(bob, "SHOPPER"))) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> bobs.received().stream().anyMatch((m) -> "snapshot".equals(m.path("type").asString())));
			long firstPost = json(share(aliceToken, first, 5, "", "k1"), 201).path("id").asLong();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> posts(bobs).contains(firstPost));

			// Unfriended as the friend package does it: the row goes, then the hint.
			this.db.sql("DELETE FROM friendships WHERE user_low = $1 AND user_high = $2")
				.bind(0, (alice.compareTo(bob) < 0) ? alice : bob)
				.bind(1, (alice.compareTo(bob) < 0) ? bob : alice)
				.then()
				.block(Duration.ofSeconds(10));
			this.redis.publish(FriendChangeListener.CHANNEL, alice + " " + bob).block(Duration.ofSeconds(10));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> event(bobs, "circle-changed") != null);

			long secondPost = json(share(aliceToken, second, 5, "", "k2"), 201).path("id").asLong();
			// Carol's post comes after Alice's on the one channel: once it is here,
			// Alice's was filtered.
			long carolsPost = post(sale, token(carol, "SHOPPER"), "").path("id").asLong();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> posts(bobs).contains(carolsPost));
			assertThat(posts(bobs)).doesNotContain(secondPost);
			json(claim(firstPost, token(bob, "SHOPPER"), "c"), 404);
		}
	}

	private static List<Long> posts(Watcher watcher) {
		return watcher.received()
			.stream()
			.filter((m) -> "post".equals(m.path("state").path("event").asString()))
			.map((m) -> m.path("state").path("post").path("id").asLong())
			.toList();
	}

	@Test
	void circleMeNeedsAToken() {
		try (Watcher watcher = watchTopic("circle:me")) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watcher.received().stream().anyMatch((m) -> "error".equals(m.path("type").asString())));
			assertThat(watcher.received().toString()).contains("forbidden");
		}
		client().get().uri("/api/live/circle:me").exchange().expectStatus().isForbidden();
	}

	private Watcher watchMe(String token) {
		return watch("{\"op\":\"subscribe\",\"topic\":\"circle:me\",\"token\":\"" + token + "\"}");
	}

	private static JsonNode event(Watcher watcher, String kind) {
		return watcher.received()
			.stream()
			.filter((m) -> "circle:me".equals(m.path("topic").asString()))
			.map((m) -> m.path("state"))
			.filter((state) -> kind.equals(state.path("event").asString()))
			.findFirst()
			.orElse(null);
	}

}
