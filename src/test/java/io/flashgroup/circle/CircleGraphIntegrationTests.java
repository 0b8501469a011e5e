package io.flashgroup.circle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flashgroup.friend.Reach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Visibility over a generated graph: 2,000 shoppers with about 50 friends each and 300
 * posts; for a sample of viewers the feed holds exactly the posts of authors within
 * distance 2 (by a breadth-first search of the same edges), each at its distance, and the
 * one-pair query claims use (friend.Reach) agrees.
 */
class CircleGraphIntegrationTests extends CircleTestSupport {

	private static final int USERS = 2_000;

	@Autowired
	private Reach reach;

	@Test
	void everyFeedItemIsWithinDistanceTwoAndEveryVisiblePostIsInTheFeed() {
		String prefix = user("g") + "-";
		this.db.sql("""
				INSERT INTO friendships (user_low, user_high)
				SELECT DISTINCT least(a, b), greatest(a, b) FROM (
				    SELECT $1 || i AS a, $1 || (abs(hashtext(i || ':' || k)) % $2) AS b
				    FROM generate_series(0, $2 - 1) i, generate_series(1, 25) k) pairs
				WHERE a <> b
				ON CONFLICT DO NOTHING
				""").bind(0, prefix).bind(1, USERS).then().block(Duration.ofSeconds(60));
		// A few blocks: a blocked pair never sees each other, even through friends.
		this.db
			.sql("INSERT INTO friend_blocks (blocker, blocked) SELECT $1 || i, $1 || (i + 1) "
					+ "FROM generate_series(0, 1990, 10) i")
			.bind(0, prefix)
			.then()
			.block(Duration.ofSeconds(60));
		long sale = shareableSale(5);
		this.db.sql("""
				INSERT INTO circle_posts (id, author_id, author_name, order_id, campaign_id, seller_id, sku, title,
				                          note, rating, coupon, currency, claims_per_share, claims_left, status,
				                          version, created_at, updated_at, search_text, search_bigrams)
				SELECT -1000000 * $3 - n, $1 || (abs(hashtext('post' || n)) % $2), 'someone', gen_random_uuid(), $3,
				       's', 'SKU-1', 'Test item', '', 5, '{"scope":"SHOP"}', 'EUR', 5, 5, 'ACTIVE', 1,
				       now() - n * interval '1 second', now(), 'test item', ARRAY['te']
				FROM generate_series(1, 300) n
				""").bind(0, prefix).bind(1, USERS).bind(2, sale).then().block(Duration.ofSeconds(60));

		Map<String, Set<String>> friends = new HashMap<>();
		this.db.sql("SELECT user_low, user_high FROM friendships WHERE user_low LIKE $1")
			.bind(0, prefix + "%")
			.map((row) -> List.of(row.get("user_low", String.class), row.get("user_high", String.class)))
			.all()
			.collectList()
			.block(Duration.ofSeconds(60))
			.forEach((pair) -> {
				friends.computeIfAbsent(pair.get(0), (k) -> new HashSet<>()).add(pair.get(1));
				friends.computeIfAbsent(pair.get(1), (k) -> new HashSet<>()).add(pair.get(0));
			});
		Set<String> blocked = new HashSet<>();
		for (int i = 0; i <= 1990; i += 10) {
			blocked.add(prefix + i + "|" + prefix + (i + 1));
			blocked.add(prefix + (i + 1) + "|" + prefix + i);
		}
		double degree = friends.values().stream().mapToInt(Set::size).average().orElse(0);
		assertThat(degree).isBetween(40.0, 60.0);
		Map<Long, String> authors = new HashMap<>();
		this.db.sql("SELECT id, author_id FROM circle_posts WHERE campaign_id = $1")
			.bind(0, sale)
			.map((row) -> Map.entry(row.get("id", Long.class), row.get("author_id", String.class)))
			.all()
			.collectList()
			.block(Duration.ofSeconds(60))
			.forEach((e) -> authors.put(e.getKey(), e.getValue()));

		for (int v = 0; v < USERS; v += 97) {
			String viewer = prefix + v;
			Map<String, Integer> expected = reach(viewer, friends, blocked);
			Map<Long, Integer> feed = feed(viewer);
			Map<Long, Integer> visible = new HashMap<>();
			authors.forEach((id, author) -> {
				if (expected.containsKey(author)) {
					visible.put(id, expected.get(author));
				}
			});
			assertThat(feed).as(viewer).isEqualTo(visible);
			for (String author : new HashSet<>(authors.values())) {
				Optional<Reach.Path> path = this.reach.path(viewer, author).block(Duration.ofSeconds(10));
				assertThat(path.map(Reach.Path::distance)).as(viewer + " -> " + author)
					.isEqualTo(Optional.ofNullable(expected.get(author)));
			}
		}
	}

	/** Breadth-first, depth 2, as circle_reach defines it (blocks cut both ways). */
	private static Map<String, Integer> reach(String viewer, Map<String, Set<String>> friends, Set<String> blocked) {
		Map<String, Integer> reach = new HashMap<>();
		List<String> near = new ArrayList<>();
		for (String friend : friends.getOrDefault(viewer, Set.of())) {
			if (!blocked.contains(viewer + "|" + friend)) {
				reach.put(friend, 1);
				near.add(friend);
			}
		}
		for (String friend : near) {
			for (String far : friends.getOrDefault(friend, Set.of())) {
				if (!far.equals(viewer) && !blocked.contains(viewer + "|" + far)) {
					reach.putIfAbsent(far, 2);
				}
			}
		}
		return reach;
	}

	/** Every page of the viewer's feed: post id to distance. */
	private Map<Long, Integer> feed(String viewer) {
		String token = token(viewer, "SHOPPER");
		Map<Long, Integer> items = new HashMap<>();
		String cursor = null;
		do {
			JsonNode page = json(
					get("/api/circle/feed?limit=50" + ((cursor != null) ? "&cursor=" + cursor : ""), token), 200);
			page.path("items").forEach((item) -> {
				assertThat(items.put(item.path("id").asLong(), item.path("distance").asInt())).isNull();
				assertThat(item.path("distance").asInt()).isBetween(1, 2);
			});
			cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
		}
		while (cursor != null);
		return items;
	}

}
