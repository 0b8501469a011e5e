package io.flashgroup.chat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use a thread: whoever may read the post (its sharer, friends and friends of
 * friends), on HTTP and live alike; a stranger, a blocked shopper and anyone after an
 * unfriend are told the post does not exist.
 */
class ChatAccessIntegrationTests extends ChatTestSupport {

	@Test
	void aStrangerCannotReadPostOrSubscribeAndLearnsNothing() {
		String sharer = user("alice");
		String stranger = user("mallory");
		String sharerToken = token(sharer, "SHOPPER");
		String strangerToken = token(stranger, "SHOPPER");
		long postId = post(sharerToken);
		say(postId, sharerToken, "Ask me anything");

		JsonNode read = json(read(postId, strangerToken, ""), 404);
		JsonNode sent = json(send(postId, strangerToken, clientId(), "let me in"), 404);
		JsonNode missing = json(read(999_999_999_999L, strangerToken, ""), 404);

		assertThat(read.path("type").asString()).isEqualTo("https://flashgroup.io/problems/post-not-found");
		assertThat(sent.path("type").asString()).isEqualTo(read.path("type").asString());
		// The same answer as for a post that does not exist.
		assertThat(read.propertyNames()).containsExactlyInAnyOrderElementsOf(missing.propertyNames());
		assertThat(read.toString()).doesNotContain(sharer).doesNotContain("Ask me");
		assertThat(storedCount(postId)).isEqualTo(1);
		try (Watcher watcher = watchChat(postId, strangerToken)) {
			JsonNode answer = firstAnswer(watcher);
			assertThat(answer.path("type").asString()).isEqualTo("error");
			assertThat(answer.path("problem").asString()).isEqualTo("not-found");
		}
		try (Watcher watcher = watchChat(999_999_999_999L, strangerToken)) {
			assertThat(firstAnswer(watcher).path("problem").asString()).isEqualTo("not-found");
		}
	}

	@Test
	void watchingAThreadNeedsAShoppersToken() {
		long postId = post(token(user("alice"), "SHOPPER"));
		try (Watcher watcher = watchTopic("chat:" + postId)) {
			assertThat(firstAnswer(watcher).path("problem").asString()).isEqualTo("forbidden");
		}
		json(client().get().uri("/api/live/chat:" + postId).exchange(), 403);
	}

	@Test
	void friendsAndFriendsOfFriendsMayChatButNotAcrossABlock() {
		String sharer = user("alice");
		String friend = user("bob");
		String friendOfFriend = user("carol");
		befriend(sharer, friend);
		befriend(friend, friendOfFriend);
		long postId = post(token(sharer, "SHOPPER"));
		String carolToken = token(friendOfFriend, "SHOPPER");
		say(postId, carolToken, "Hi from distance 2");

		this.db.sql("INSERT INTO friend_blocks (blocker, blocked) VALUES ($1, $2)")
			.bind(0, sharer)
			.bind(1, friendOfFriend)
			.then()
			.block(Duration.ofSeconds(10));

		json(read(postId, carolToken, ""), 404);
		json(send(postId, carolToken, clientId(), "still there?"), 404);
		assertThat(storedCount(postId)).isEqualTo(1);
	}

	@Test
	void anUnfriendedWatcherIsCutOffAndCanNoLongerRead() {
		String sharer = user("alice");
		String friend = user("bob");
		befriend(sharer, friend);
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sharerToken);
		try (Watcher watcher = watchChat(postId, friendToken)) {
			assertThat(firstAnswer(watcher).path("type").asString()).isEqualTo("snapshot");
			unfriend(sharer, friend);
			json(read(postId, friendToken, ""), 404);
			Awaitility.await()
				.atMost(ChatLiveSource.REAUTHORIZE.plusSeconds(10))
				.until(() -> watcher.received()
					.stream()
					.anyMatch((m) -> "revoked".equals(m.path("state").path("event").asString())));
			say(postId, sharerToken, "only for friends");
			assertThat(liveIds(watcher)).isEmpty();
		}
	}

}
