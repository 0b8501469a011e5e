package io.flashgroup.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sending and reading a post's thread: consecutive ids in commit order, pages by cursor,
 * {@code clientMessageId} dedupe (also under concurrent retries), the per-shopper limit
 * and the problems of bad input.
 */
class ChatMessagesIntegrationTests extends ChatTestSupport {

	@Test
	void aThreadKeepsItsMessagesInOrderWithConsecutiveIdsAndNoUserIds() {
		String sharer = user("alice");
		String friend = user("bob");
		String friendOfFriend = user("carol");
		befriend(sharer, friend);
		befriend(friend, friendOfFriend);
		String sharerToken = token(sharer, "SHOPPER");
		String friendToken = token(friend, "SHOPPER");
		long postId = post(sharerToken);

		JsonNode first = say(postId, friendToken, "Is the coupon still good?");
		say(postId, sharerToken, "Yes, until Friday");
		say(postId, token(friendOfFriend, "SHOPPER"), "  I'd like one too  ");

		assertThat(first.path("id").asLong()).isEqualTo(1);
		assertThat(first.path("postId").asLong()).isEqualTo(postId);
		assertThat(first.path("sender").path("you").asBoolean()).isTrue();
		assertThat(first.path("sender").path("sharer").asBoolean()).isFalse();
		JsonNode page = json(read(postId, friendToken, ""), 200);
		List<JsonNode> items = page.path("items").valueStream().toList();
		assertThat(items).extracting((m) -> m.path("id").asLong()).containsExactly(1L, 2L, 3L);
		assertThat(items).extracting((m) -> m.path("text").asString())
			.containsExactly("Is the coupon still good?", "Yes, until Friday", "I'd like one too");
		assertThat(items).extracting((m) -> m.path("sender").path("you").asBoolean())
			.containsExactly(true, false, false);
		assertThat(items).extracting((m) -> m.path("sender").path("sharer").asBoolean())
			.containsExactly(false, true, false);
		assertThat(items.get(1).path("sender").path("displayName").asString()).isEqualTo(sharer);
		assertThat(page.path("hasMore").asBoolean()).isFalse();
		assertThat(page.path("lastId").asLong()).isEqualTo(3);
		assertThat(items.get(0).propertyNames()).containsExactlyInAnyOrder("id", "postId", "sender", "text", "sentAt");
		// Display names are shown; a message never carries a sender's user id field.
		assertThat(items.get(0).path("sender").propertyNames()).containsExactlyInAnyOrder("displayName", "you",
				"sharer");
		assertThat(storedCount(postId)).isEqualTo(3);
	}

	@Test
	void readsPagesAfterAndBeforeACursor() {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		for (int i = 1; i <= 5; i++) {
			say(postId, sharerToken, "message " + i);
		}

		JsonNode after = json(read(postId, sharerToken, "?after=2&limit=2"), 200);
		assertThat(ids(after)).containsExactly(3L, 4L);
		assertThat(after.path("hasMore").asBoolean()).isTrue();
		assertThat(ids(json(read(postId, sharerToken, "?after=4&limit=2"), 200))).containsExactly(5L);
		assertThat(json(read(postId, sharerToken, "?after=5"), 200).path("items").isEmpty()).isTrue();

		JsonNode latest = json(read(postId, sharerToken, "?limit=2"), 200);
		assertThat(ids(latest)).containsExactly(4L, 5L);
		assertThat(latest.path("hasMore").asBoolean()).isTrue();
		JsonNode older = json(read(postId, sharerToken, "?before=4&limit=2"), 200);
		assertThat(ids(older)).containsExactly(2L, 3L);
		assertThat(ids(json(read(postId, sharerToken, "?before=2&limit=2"), 200))).containsExactly(1L);
	}

	@Test
	void aRetriedClientMessageIdAnswersTheFirstMessageAndStoresNoSecond() {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		String clientMessageId = clientId();

		JsonNode first = json(send(postId, sharerToken, clientMessageId, "Hello"), 201);
		JsonNode retry = json(send(postId, sharerToken, clientMessageId, "Hello again"), 200);

		assertThat(retry).isEqualTo(first);
		assertThat(storedCount(postId)).isEqualTo(1);
		// Another sender's identical key is their own message.
		String friend = user("bob");
		befriend(sharer, friend);
		assertThat(json(send(postId, token(friend, "SHOPPER"), clientMessageId, "Hi"), 201).path("id").asLong())
			.isEqualTo(2);
	}

	@Test
	void concurrentRetriesOfOneMessageStoreItOnceAndBurnNoId() throws Exception {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		String clientMessageId = clientId();
		List<Callable<EntityExchangeResult<JsonNode>>> retries = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			retries.add(
					() -> send(postId, sharerToken, clientMessageId, "Once").expectBody(JsonNode.class).returnResult());
		}
		List<EntityExchangeResult<JsonNode>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<EntityExchangeResult<JsonNode>> answer : pool.invokeAll(retries)) {
				answers.add(answer.get());
			}
		}

		assertThat(answers).extracting((answer) -> answer.getStatus().value()).containsOnly(200, 201);
		assertThat(answers).filteredOn((answer) -> answer.getStatus().value() == 201).hasSize(1);
		assertThat(answers).extracting((answer) -> answer.getResponseBody().path("id").asLong()).containsOnly(1L);
		assertThat(storedCount(postId)).isEqualTo(1);
		assertThat(say(postId, sharerToken, "Next").path("id").asLong()).isEqualTo(2);
	}

	@Test
	void concurrentSendersGetConsecutiveIdsInCommitOrder() throws Exception {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String friend = user("friend");
			befriend(sharer, friend);
			tokens.add(token(friend, "SHOPPER"));
		}
		List<Callable<JsonNode>> sends = new ArrayList<>();
		for (String token : tokens) {
			for (int i = 0; i < 3; i++) {
				sends.add(() -> say(postId, token, "hi"));
			}
		}
		try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
			for (Future<JsonNode> sent : pool.invokeAll(sends)) {
				sent.get();
			}
		}

		JsonNode page = json(read(postId, sharerToken, "?after=0&limit=100"), 200);
		assertThat(ids(page)).containsExactlyElementsOf(LongStream.rangeClosed(1, 18).boxed().toList());
		assertThat(storedCount(postId)).isEqualTo(18);
	}

	@Test
	void aShopperOverTheChatLimitIsRefusedWithRetryAfterAndNothingIsStored() {
		String sharer = user("alice");
		String sharerToken = token(sharer, "SHOPPER");
		long postId = post(sharerToken);
		String firstKey = clientId();
		json(send(postId, sharerToken, firstKey, "one"), 201);
		for (int i = 2; i <= 20; i++) {
			say(postId, sharerToken, "message " + i);
		}

		EntityExchangeResult<JsonNode> refused = send(postId, sharerToken, clientId(), "one too many").expectStatus()
			.isEqualTo(429)
			.expectBody(JsonNode.class)
			.returnResult();

		long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(refused.getResponseBody().path("type").asString())
			.isEqualTo("https://flashgroup.io/problems/rate-limited");
		assertThat(refused.getResponseBody().path("retryAfter").asLong()).isEqualTo(retryAfter);
		assertThat(storedCount(postId)).isEqualTo(20);
		// A retry of a message already stored takes no token: still its first answer.
		assertThat(json(send(postId, sharerToken, firstKey, "one"), 200).path("id").asLong()).isEqualTo(1);
		// The limit is the sender's, not the thread's.
		String friend = user("bob");
		befriend(sharer, friend);
		say(postId, token(friend, "SHOPPER"), "my turn");
	}

	@Test
	void badInputIsAValidationProblemPerField() {
		String sharerToken = token(user("alice"), "SHOPPER");
		long postId = post(sharerToken);

		JsonNode both = json(send(postId, sharerToken, "has space", "   "), 400);
		assertThat(both.path("type").asString()).isEqualTo("https://flashgroup.io/problems/validation");
		assertThat(both.path("errors").propertyNames()).containsExactlyInAnyOrder("text", "clientMessageId");
		assertThat(json(send(postId, sharerToken, clientId(), "x".repeat(1001)), 400).path("errors").has("text"))
			.isTrue();
		assertThat(json(send(postId, sharerToken, "k".repeat(65), "hi"), 400).path("errors").has("clientMessageId"))
			.isTrue();
		assertThat(json(send(postId, sharerToken, clientId(), "bell\u0007"), 400).path("errors").has("text")).isTrue();
		// 1000 characters after trimming, counted as characters (not UTF-16 units), and
		// line breaks, are fine.
		json(send(postId, sharerToken, clientId(), " " + "好".repeat(998) + "\n!"), 201);
		json(send(postId, sharerToken, clientId(), "😀".repeat(1000)), 201);

		assertThat(json(read(postId, sharerToken, "?limit=0"), 400).path("errors").has("limit")).isTrue();
		assertThat(json(read(postId, sharerToken, "?limit=101"), 400).path("errors").has("limit")).isTrue();
		assertThat(json(read(postId, sharerToken, "?after=-1"), 400).path("errors").has("after")).isTrue();
		assertThat(json(read(postId, sharerToken, "?after=01"), 400).path("errors").has("after")).isTrue();
		assertThat(json(read(postId, sharerToken, "?after=1&before=3"), 400).path("errors").has("before")).isTrue();
		assertThat(storedCount(postId)).isEqualTo(2);
	}

	@Test
	void writingNeedsASignedInShopper() {
		long postId = post(token(user("alice"), "SHOPPER"));
		json(client().get().uri("/api/circle/posts/{id}/messages", postId).exchange(), 401);
		json(send(postId, token(user("seller"), "SELLER"), clientId(), "hi"), 403);
		assertThat(storedCount(postId)).isZero();
	}

	private static List<Long> ids(JsonNode page) {
		return page.path("items").valueStream().map((m) -> m.path("id").asLong()).toList();
	}

}
