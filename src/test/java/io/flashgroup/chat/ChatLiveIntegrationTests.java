package io.flashgroup.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chat:<postId>}: messages pushed after they are stored, to each watcher in their
 * own words ({@code you}), with increasing ids, and resumed after a reconnect with
 * {@code after=<last id>} without gaps or duplicates.
 */
class ChatLiveIntegrationTests extends ChatTestSupport {

	@Test
	void aMessageIsPushedToEveryWatcherOnceItIsStored() {
		String sharer = user("alice");
		String friend = user("bob");
		befriend(sharer, friend);
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sharerToken);
		say(postId, sharerToken, "Before anyone watched");
		try (Watcher sharers = watchChat(postId, sharerToken); Watcher friends = watchChat(postId, friendToken)) {
			JsonNode snapshot = firstAnswer(friends).path("state");
			assertThat(firstAnswer(sharers).path("type").asString()).isEqualTo("snapshot");
			assertThat(snapshot.path("event").asString()).isEqualTo("subscribed");
			assertThat(snapshot.path("lastId").asLong()).isEqualTo(1);

			say(postId, friendToken, "Does it fit a size 42?");

			List<Long> storedWhenPushed = new ArrayList<>();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
				if (liveIds(sharers).isEmpty()) {
					return false;
				}
				storedWhenPushed.add(storedCount(postId));
				return true;
			});
			assertThat(storedWhenPushed.getFirst()).isEqualTo(2);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !liveIds(friends).isEmpty());
			JsonNode toSharer = message(sharers, 0);
			JsonNode toFriend = message(friends, 0);
			assertThat(toSharer.path("id").asLong()).isEqualTo(2);
			assertThat(toSharer.path("text").asString()).isEqualTo("Does it fit a size 42?");
			assertThat(toSharer.path("sender").path("you").asBoolean()).isFalse();
			assertThat(toFriend.path("sender").path("you").asBoolean()).isTrue();
			assertThat(toSharer.path("sender").path("displayName").asString()).isEqualTo(friend);
			assertThat(toSharer.propertyNames()).containsExactlyInAnyOrder("id", "postId", "sender", "text", "sentAt");
			for (JsonNode frame : sharers.received()) {
				assertThat(frame.path("state").has("senderId")).isFalse();
			}
			assertThat(liveIds(sharers)).containsExactly(2L);
		}
	}

	@Test
	void aReconnectingClientResumesFromItsLastIdWithoutGapsOrDuplicates() {
		String sharer = user("alice");
		String friend = user("bob");
		befriend(sharer, friend);
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sharerToken);
		List<Long> seen = new ArrayList<>();
		try (Watcher first = watchChat(postId, friendToken)) {
			firstAnswer(first);
			for (int i = 1; i <= 3; i++) {
				say(postId, sharerToken, "live " + i);
			}
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> liveIds(first).contains(3L));
			seen.addAll(liveIds(first));
		}
		for (int i = 4; i <= 6; i++) {
			say(postId, sharerToken, "while away " + i);
		}

		try (Watcher again = watchChat(postId, friendToken)) {
			// What a client does: subscribe, read after its last id, then apply frames
			// above the last id it holds.
			assertThat(firstAnswer(again).path("state").path("lastId").asLong()).isEqualTo(6);
			long last = seen.getLast();
			JsonNode missed = json(read(postId, friendToken, "?after=" + last), 200);
			missed.path("items").valueStream().forEach((m) -> seen.add(m.path("id").asLong()));
			say(postId, sharerToken, "back live");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> liveIds(again).contains(7L));
			long held = seen.getLast();
			liveIds(again).stream().filter((id) -> id > held).forEach(seen::add);
			assertThat(liveIds(again)).containsExactly(7L);
		}
		assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
	}

	@Test
	void framesOfConcurrentSendersArriveWithIncreasingIdsEndingWithTheLast() throws Exception {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String friend = user("friend");
			befriend(sharer, friend);
			tokens.add(token(friend, "SHOPPER"));
		}
		try (Watcher watcher = watchChat(postId, sharerToken)) {
			firstAnswer(watcher);
			List<Callable<JsonNode>> sends = new ArrayList<>();
			for (String token : tokens) {
				for (int i = 0; i < 4; i++) {
					sends.add(() -> say(postId, token, "hi"));
				}
			}
			try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
				for (Future<JsonNode> sent : pool.invokeAll(sends)) {
					sent.get();
				}
			}
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> liveIds(watcher).contains(16L));
			List<Long> ids = liveIds(watcher);
			for (int i = 1; i < ids.size(); i++) {
				assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
			}
		}
	}

	private static JsonNode message(Watcher watcher, int index) {
		return watcher.received()
			.stream()
			.filter((m) -> "message".equals(m.path("state").path("event").asString()))
			.toList()
			.get(index)
			.path("state")
			.path("message");
	}

}
