package io.flashgroup.circle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.flashgroup.friend.People;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed and search: who sees what, in which order, page by page. */
class CircleFeedIntegrationTests extends CircleTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private People people;

	@Autowired
	private PostService posts;

	@Autowired
	private ConnectionFactory connections;

	@Test
	void theFeedShowsFriendsAndTheirFriendsPostsNewestFirstAndNeverAStrangersOrOnesOwn() {
		long sale = shareableSale(5);
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		String dave = user("dave");
		befriend(alice, bob);
		befriend(bob, carol);
		name(bob, "Bob B.");
		String aliceToken = token(alice, "SHOPPER");
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long id = post(sale, aliceToken, "post " + i).path("id").asLong();
			ids.add(0, id);
			awaitPostRow(id, 1);
		}
		String bobToken = token(bob, "SHOPPER");
		json(claim(ids.get(0), bobToken, "c"), 201);

		JsonNode bobs = json(get("/api/circle/feed", bobToken), 200);
		assertThat(ids(bobs)).isEqualTo(ids);
		JsonNode first = bobs.path("items").get(0);
		assertThat(first.path("distance").asInt()).isEqualTo(1);
		assertThat(first.has("via")).isFalse();
		assertThat(first.path("claimedByMe").asBoolean()).isTrue();
		assertThat(first.path("claimsLeft").asInt()).isEqualTo(4);
		assertThat(first.has("authorId")).isFalse();
		assertThat(first.has("orderId")).isFalse();
		assertThat(bobs.has("nextCursor")).isFalse();

		JsonNode carols = json(get("/api/circle/feed", token(carol, "SHOPPER")), 200);
		assertThat(ids(carols)).isEqualTo(ids);
		assertThat(carols.path("items").get(0).path("distance").asInt()).isEqualTo(2);
		assertThat(carols.path("items").get(0).path("via").asString()).isEqualTo("Bob B.");
		assertThat(carols.path("items").get(0).path("claimedByMe").asBoolean()).isFalse();
		assertThat(carols.path("items").get(0).path("claimsLeft").asInt()).isEqualTo(4);

		assertThat(ids(json(get("/api/circle/feed", token(dave, "SHOPPER")), 200))).isEmpty();
		assertThat(ids(json(get("/api/circle/feed", aliceToken), 200))).isEmpty();
		assertThat(ids(json(get("/api/me/posts", aliceToken), 200))).isEqualTo(ids);
		json(get("/api/circle/posts/" + ids.get(0), token(dave, "SHOPPER")), 404);
	}

	@Test
	void theFeedPagesWithItsCursorWithoutGapsOrRepeats() {
		long sale = shareableSale(5);
		String viewer = user("viewer");
		List<Long> ids = new ArrayList<>();
		for (int a = 0; a < 2; a++) {
			String author = user("author" + a);
			befriend(viewer, author);
			String token = token(author, "SHOPPER");
			for (int i = 0; i < 3; i++) {
				long id = post(sale, token, "").path("id").asLong();
				ids.add(0, id);
				awaitPostRow(id, 1);
			}
		}
		String token = token(viewer, "SHOPPER");
		List<Long> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = json(get("/api/circle/feed?limit=4" + ((cursor != null) ? "&cursor=" + cursor : ""), token),
					200);
			seen.addAll(ids(page));
			cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
			pages++;
		}
		while (cursor != null);
		assertThat(seen).isEqualTo(ids);
		assertThat(pages).isEqualTo(2);
		json(get("/api/circle/feed?limit=0", token), 400);
		json(get("/api/circle/feed?limit=51", token), 400);
		assertThat(json(get("/api/circle/feed?cursor=bm9wZQ", token), 400).path("type").asString())
			.endsWith("/validation");
	}

	@Test
	void searchFindsChineseAndLatinTermsInVisiblePostsNearestFirst() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		String stranger = user("stranger");
		befriend(alice, bob);
		befriend(bob, carol);
		long earphones = shareableSale(5, "SKU-EAR", "降噪蓝牙耳机 Pro");
		long earbuds = shareableSale(5, "SKU-BUDS", "Wireless Earbuds");
		long cable = shareableSale(5, "SKU-CABLE", "USB-C cable");
		long strangers = shareableSale(5, "SKU-S", "Wireless Earbuds Max");
		// Carol (distance 2 from Alice) posts first, Bob (distance 1) later: distance
		// ranks first.
		long carolsBuds = post(earbuds, token(carol, "SHOPPER"), "").path("id").asLong();
		String bobToken = token(bob, "SHOPPER");
		long bobsEar = post(earphones, bobToken, "通勤很安静").path("id").asLong();
		long bobsCable = post(cable, bobToken, "Works with my EARBUDS, 100% fine").path("id").asLong();
		long strangersBuds = post(strangers, token(stranger, "SHOPPER"), "").path("id").asLong();
		for (long id : List.of(carolsBuds, bobsEar, bobsCable, strangersBuds)) {
			awaitPostRow(id, 1);
		}
		String aliceToken = token(alice, "SHOPPER");

		assertThat(ids(search("蓝牙耳机", aliceToken))).containsExactly(bobsEar);
		assertThat(ids(search("耳", aliceToken))).containsExactly(bobsEar);
		assertThat(ids(search("安静", aliceToken))).containsExactly(bobsEar);
		assertThat(ids(search("earbuds", aliceToken))).containsExactly(bobsCable, carolsBuds);
		assertThat(ids(search("EarBuds", aliceToken))).containsExactly(bobsCable, carolsBuds);
		assertThat(ids(search("sku-buds", aliceToken))).containsExactly(carolsBuds);
		assertThat(ids(search("%", aliceToken))).containsExactly(bobsCable);
		assertThat(ids(search("buds earbuds", aliceToken))).isEmpty();
		assertThat(ids(search("earbuds", token(stranger, "SHOPPER")))).isEmpty();

		JsonNode first = json(get("/api/circle/search?q=earbuds&limit=1", aliceToken), 200);
		assertThat(ids(first)).containsExactly(bobsCable);
		JsonNode second = json(
				get("/api/circle/search?q=earbuds&limit=1&cursor=" + first.path("nextCursor").asString(), aliceToken),
				200);
		assertThat(ids(second)).containsExactly(carolsBuds);
		assertThat(second.path("items").get(0).path("distance").asInt()).isEqualTo(2);
		assertThat(second.has("nextCursor")).isFalse();

		assertThat(json(get("/api/circle/search?q=", aliceToken), 400).path("type").asString()).endsWith("/validation");
		json(get("/api/circle/search?q=" + "a".repeat(101), aliceToken), 400);
		json(get("/api/circle/search", aliceToken), 400);
	}

	@Test
	void postsBehindMoreThanAWalkOfNewerInvisibleOnesAreStillFoundInOrder() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		befriend(alice, bob);
		befriend(bob, carol);
		long earbuds = shareableSale(5, "SKU-BUDS", "Wireless Earbuds");
		long carols = post(earbuds, token(carol, "SHOPPER"), "").path("id").asLong();
		long bobs = post(earbuds, token(bob, "SHOPPER"), "").path("id").asLong();
		awaitPostRow(carols, 1);
		awaitPostRow(bobs, 1);
		String stranger = user("stranger");
		String[] bigrams = SearchText.bigramsOf("Wireless Earbuds", "SKU-BUDS", "");
		// More strangers' posts than one walk reads, all newer and all matching: the feed
		// and search must take their exact way, not stop at the walk's end.
		this.db
			.sql("""
					INSERT INTO circle_posts (id, author_id, author_name, order_id, campaign_id, seller_id, sku, title, note,
					    rating, coupon, currency, claims_per_share, claims_left, status, version, created_at, updated_at,
					    search_text, search_bigrams)
					SELECT 9000000000000 + n, $1, 'Stranger', gen_random_uuid(), $2, 'seller', 'SKU-BUDS', 'Wireless Earbuds',
					    '', 5, '{}', 'EUR', 5, 5, 'ACTIVE', 1, now() + interval '1 hour', now(), 'wireless earbuds sku-buds', $3
					FROM generate_series(1, $4) n
					""")
			.bind(0, stranger)
			.bind(1, earbuds)
			.bind(2, bigrams)
			.bind(3, CircleFeed.WALK + 1)
			.then()
			.block();
		try {
			String aliceToken = token(alice, "SHOPPER");
			assertThat(ids(json(get("/api/circle/feed", aliceToken), 200))).containsExactly(bobs, carols);
			assertThat(ids(search("earbuds", aliceToken))).containsExactly(bobs, carols);
			JsonNode first = json(get("/api/circle/search?q=earbuds&limit=1", aliceToken), 200);
			assertThat(ids(first)).containsExactly(bobs);
			JsonNode second = json(
					get("/api/circle/search?q=earbuds&limit=1&cursor=" + first.path("nextCursor").asString(),
							aliceToken),
					200);
			assertThat(ids(second)).containsExactly(carols);
			assertThat(second.has("nextCursor")).isFalse();
			JsonNode feedFirst = json(get("/api/circle/feed?limit=1", aliceToken), 200);
			assertThat(ids(feedFirst)).containsExactly(bobs);
			assertThat(ids(
					json(get("/api/circle/feed?limit=1&cursor=" + feedFirst.path("nextCursor").asString(), aliceToken),
							200)))
				.containsExactly(carols);
			assertThat(ids(search("earbuds", token(stranger, "SHOPPER")))).isEmpty();
		}
		finally {
			this.db.sql("DELETE FROM circle_posts WHERE author_id = $1").bind(0, stranger).then().block();
		}
	}

	@Test
	void aKeptFirstPageOfTheFeedOrASearchIsServedAgainOnlyWhileNothingItShowsChanged() {
		long sale = shareableSale(5);
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		befriend(alice, bob);
		befriend(bob, carol);
		name(bob, "Bob B.");
		String aliceToken = token(alice, "SHOPPER");
		String bobToken = token(bob, "SHOPPER");
		String carolToken = token(carol, "SHOPPER");
		long first = post(sale, aliceToken, "first").path("id").asLong();
		awaitPostRow(first, 1);

		assertThat(ids(json(get("/api/circle/feed", carolToken), 200))).containsExactly(first);
		double held = keptPages("held");
		JsonNode again = json(get("/api/circle/feed", carolToken), 200);
		assertThat(keptPages("held")).isGreaterThan(held);
		assertThat(ids(again)).containsExactly(first);
		assertThat(again.path("items").get(0).path("via").asString()).isEqualTo("Bob B.");

		// A claim: the kept page shows claims left of now, and the claimer's claim.
		json(claim(first, bobToken, "c1"), 201);
		assertThat(json(get("/api/circle/feed", carolToken), 200).path("items").get(0).path("claimsLeft").asInt())
			.isEqualTo(4);
		json(claim(first, carolToken, "c2"), 201);
		JsonNode claimed = json(get("/api/circle/feed", carolToken), 200).path("items").get(0);
		assertThat(claimed.path("claimsLeft").asInt()).isEqualTo(3);
		assertThat(claimed.path("claimedByMe").asBoolean()).isTrue();

		// The mutual friend's new name (as the friend routes remember it from a token)
		// and a new post each show at once; a withdrawn post once the flusher stored it.
		this.people.remember(bob, "Bobby").block(Duration.ofSeconds(10));
		assertThat(json(get("/api/circle/feed", carolToken), 200).path("items").get(0).path("via").asString())
			.isEqualTo("Bobby");
		long second = post(sale, aliceToken, "second").path("id").asLong();
		awaitPostRow(second, 1);
		assertThat(ids(json(get("/api/circle/feed", carolToken), 200))).containsExactly(second, first);
		assertThat(this.posts.withdraw(second).block(Duration.ofSeconds(10))).isTrue();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> ids(json(get("/api/circle/feed", carolToken), 200)).equals(List.of(first)));

		// The mutual friend unfriends the author (a change two steps from the viewer),
		// they are friends again, then the viewer blocks the mutual friend.
		client().delete()
			.uri("/api/friends/{userId}", alice)
			.header("Authorization", "Bearer " + bobToken)
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(ids(json(get("/api/circle/feed", carolToken), 200))).isEmpty();
		long invitation = json(client().post()
			.uri("/api/friends/invitations")
			.header("Authorization", "Bearer " + aliceToken)
			.bodyValue(Map.of("userId", bob))
			.exchange(), 201).path("id").asLong();
		json(client().post()
			.uri("/api/friends/invitations/{id}/accept", invitation)
			.header("Authorization", "Bearer " + bobToken)
			.exchange(), 200);
		assertThat(ids(json(get("/api/circle/feed", carolToken), 200))).containsExactly(first);
		assertThat(ids(search("first", carolToken))).containsExactly(first);
		assertThat(ids(search("first", carolToken))).containsExactly(first);
		client().post()
			.uri("/api/friends/{userId}/block", bob)
			.header("Authorization", "Bearer " + carolToken)
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(ids(json(get("/api/circle/feed", carolToken), 200))).isEmpty();
		assertThat(ids(search("first", carolToken))).isEmpty();
	}

	/**
	 * A change no node hears of (SQL by hand, not through the server) reaches a kept page
	 * at its next check against PostgreSQL: within {@code feed-recheck} (a second).
	 */
	@Test
	void aChangeMadeBehindTheServersBackShowsWithinTheRecheckInterval() {
		FriendsPost friends = friendsPost();
		String alice = friends.author();
		String bob = friends.reader();
		String bobToken = friends.readerToken();
		long shared = friends.post();
		assertThat(ids(json(get("/api/circle/feed", bobToken), 200))).containsExactly(shared);
		this.db.sql("DELETE FROM friendships WHERE user_low = $1 AND user_high = $2")
			.bind(0, (alice.compareTo(bob) < 0) ? alice : bob)
			.bind(1, (alice.compareTo(bob) < 0) ? bob : alice)
			.then()
			.block(Duration.ofSeconds(10));
		double checked = keptPages("hit") + keptPages("miss");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> ids(json(get("/api/circle/feed", bobToken), 200)).isEmpty());
		assertThat(keptPages("hit") + keptPages("miss")).isGreaterThan(checked);
	}

	/**
	 * Past its recheck interval, one reader checks a kept page; the others are served the
	 * kept page meanwhile instead of waiting for that check. The check is held up here by
	 * a lock on the table of post changes it reads.
	 */
	@Test
	void aPagePastItsRecheckIsStillServedWhileAnotherReadersCheckOfItRuns() throws Exception {
		FriendsPost friends = friendsPost();
		String bobToken = friends.readerToken();
		long shared = friends.post();
		// Until the page is kept as it is (the hint of the stored post may come after
		// the first read, and starts pages over).
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			double held = keptPages("held");
			assertThat(ids(json(get("/api/circle/feed", bobToken), 200))).containsExactly(shared);
			return keptPages("held") > held;
		});
		Connection lock = Mono.from(this.connections.create()).block(Duration.ofSeconds(10));
		CompletableFuture<List<Long>> checking = null;
		// A thread per read: the common pool may have one thread, taken by the check.
		ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
		try {
			Mono.from(lock.beginTransaction()).block(Duration.ofSeconds(10));
			Flux.from(lock.createStatement("LOCK TABLE circle_feed_epoch IN ACCESS EXCLUSIVE MODE").execute())
				.flatMap(Result::getRowsUpdated)
				.blockLast(Duration.ofSeconds(10));
			// Reads are held until the interval is over; the first one after it checks
			// the page and waits for the lock.
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (checking == null) {
				assertThat(System.nanoTime()).as("a read that checks the page").isLessThan(deadline);
				CompletableFuture<List<Long>> read = CompletableFuture
					.supplyAsync(() -> ids(json(get("/api/circle/feed", bobToken), 200)), readers);
				// Each read is either answered, or it is the check, waiting for the lock
				// (a slow answer is not taken for the check).
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> read.isDone() || waitingForTheLock());
				if (read.isDone()) {
					assertThat(read.get()).containsExactly(shared);
				}
				else {
					checking = read;
				}
			}
			double held = keptPages("held");
			assertThat(CompletableFuture.supplyAsync(() -> ids(json(get("/api/circle/feed", bobToken), 200)), readers)
				.get(5, TimeUnit.SECONDS)).containsExactly(shared);
			assertThat(keptPages("held")).isGreaterThan(held);
			assertThat(checking).isNotDone();
		}
		finally {
			Mono.from(lock.rollbackTransaction()).then(Mono.from(lock.close())).block(Duration.ofSeconds(10));
		}
		assertThat(checking.get(10, TimeUnit.SECONDS)).containsExactly(shared);
		readers.close();
	}

	/** Whether a query waits for the lock on the table of post changes. */
	private boolean waitingForTheLock() {
		return Boolean.TRUE.equals(this.db
			.sql("SELECT count(*) > 0 AS waiting FROM pg_stat_activity "
					+ "WHERE wait_event_type = 'Lock' AND query LIKE '%circle_feed_epoch%'")
			.map((row) -> row.get("waiting", Boolean.class))
			.one()
			.block(Duration.ofSeconds(10)));
	}

	/** Alice's post, stored, and her friend Bob who reads it. */
	private FriendsPost friendsPost() {
		long sale = shareableSale(5);
		String alice = user("alice");
		String bob = user("bob");
		befriend(alice, bob);
		long shared = post(sale, token(alice, "SHOPPER"), "shared").path("id").asLong();
		awaitPostRow(shared, 1);
		return new FriendsPost(alice, bob, token(bob, "SHOPPER"), shared);
	}

	private record FriendsPost(String author, String reader, String readerToken, long post) {
	}

	private double keptPages(String result) {
		Counter served = this.meters.find("flashgroup.circle.feed.cache").tag("result", result).counter();
		return (served != null) ? served.count() : 0;
	}

	private JsonNode search(String q, String token) {
		return json(client().get()
			.uri((b) -> b.path("/api/circle/search").queryParam("q", "{q}").build(q))
			.header("Authorization", "Bearer " + token)
			.exchange(), 200);
	}

	private static List<Long> ids(JsonNode page) {
		List<Long> ids = new ArrayList<>();
		page.path("items").forEach((item) -> ids.add(item.path("id").asLong()));
		return ids;
	}

}
