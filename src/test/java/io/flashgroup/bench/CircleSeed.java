package io.flashgroup.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seeds a shopping circle for the circle's benchmark and the {@code CircleStorm}
 * rehearsal: a center shopper with {@code friends} friends, each with
 * {@code friendsOfFriends} friends of their own (so the center reaches about
 * {@code friends x friendsOfFriends} authors at distance 2), and {@code posts} posts by
 * those authors, stored by the real post script (their orders are made up: the seed skips
 * only "the order is paid"); the flusher writes them to PostgreSQL as it would any post.
 * The first {@code hotPosts} posts are the center's friends' own, for claim races among
 * their friends. Dev and test runs only ({@code flashgroup.bench.enabled}).
 */
@RestController
@ConditionalOnBooleanProperty("flashgroup.bench.enabled")
class CircleSeed {

	private static final LuaScript POST = LuaScript.load("circle_post");

	/** Titles the search figures look for: Chinese, Latin, mixed. */
	private static final List<String> TITLES = List.of("降噪蓝牙耳机 Pro", "Wireless Earbuds", "电饭煲 Rice cooker",
			"Green tea set 绿茶", "机械键盘 Mechanical keyboard", "Running shoes 跑鞋", "USB-C cable", "保温杯 Thermos flask");

	private final DatabaseClient db;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final JsonMapper json;

	CircleSeed(DatabaseClient db, RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts,
			JsonMapper json) {
		this.db = db;
		this.redis = redis;
		this.scripts = scripts;
		this.json = json;
	}

	/**
	 * The seed.
	 *
	 * @param prefix user id prefix (unique per run)
	 * @param friends the center's friends
	 * @param friendsOfFriends each friend's own friends
	 * @param posts posts in all
	 * @param hotPosts posts by the center's friends (claimable by their friends)
	 * @param campaignId a campaign with share-coupon terms the posts name
	 * @param coupon its share-coupon terms ({@code ShareCoupon.json()} form)
	 */
	record Seed(String prefix, int friends, int friendsOfFriends, int posts, int hotPosts, long campaignId,
			Map<String, Object> coupon) {
	}

	@PostMapping("/api/bench/circle-graph")
	Mono<Map<String, Object>> seed(@RequestBody Seed seed) {
		String center = seed.prefix() + "-c";
		return friendships(seed, center).then(names(seed, center))
			.thenMany(Flux.range(0, seed.posts()))
			.flatMapSequential((i) -> post(seed, i), 32)
			.collectList()
			.map((ids) -> {
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("center", center);
				answer.put("authors", seed.friends() * seed.friendsOfFriends());
				answer.put("hotPosts", ids.subList(0, Math.min(seed.hotPosts(), ids.size())));
				answer.put("posts", ids.size());
				answer.put("titles", TITLES);
				return answer;
			});
	}

	/** Posts of a seed PostgreSQL holds: the flusher's progress. */
	@GetMapping("/api/bench/circle-graph/{prefix}/stored")
	Mono<Map<String, Long>> stored(@PathVariable String prefix) {
		return this.db.sql("SELECT count(*) AS n FROM circle_posts WHERE author_id LIKE $1")
			.bind(0, prefix + "-%")
			.map((row) -> Map.of("posts", row.get("n", Long.class)))
			.one();
	}

	/**
	 * Refreshes the planner's statistics of the tables a seed filled, as autovacuum does
	 * some time after a bulk load: a figure measured right after seeding then measures
	 * the plans a shop's database runs, not those of empty tables.
	 */
	@PostMapping("/api/bench/circle-graph/analyze")
	Mono<Map<String, Boolean>> analyze() {
		return this.db.sql("ANALYZE circle_posts, circle_users, friendships, friend_blocks")
			.then()
			.thenReturn(Map.of("analyzed", true));
	}

	/** One statement per layer: center–friend, friend–friend of friend. */
	private Mono<Void> friendships(Seed seed, String center) {
		String pairs = """
				INSERT INTO friendships (user_low, user_high)
				SELECT least(a, b), greatest(a, b) FROM (
				  SELECT $1 AS a, $2 || '-f' || i AS b FROM generate_series(0, $3 - 1) i
				  UNION ALL
				  SELECT $2 || '-f' || i, $2 || '-f' || i || '-' || j
				  FROM generate_series(0, $3 - 1) i, generate_series(0, $4 - 1) j) p
				ON CONFLICT DO NOTHING""";
		return this.db.sql(pairs)
			.bind(0, center)
			.bind(1, seed.prefix())
			.bind(2, seed.friends())
			.bind(3, seed.friendsOfFriends())
			.then();
	}

	private Mono<Void> names(Seed seed, String center) {
		return this.db.sql("""
				INSERT INTO circle_users (user_id, display_name)
				SELECT $1, 'Center' UNION ALL
				SELECT $2 || '-f' || i, 'Friend ' || i FROM generate_series(0, $3 - 1) i
				ON CONFLICT (user_id) DO NOTHING""")
			.bind(0, center)
			.bind(1, seed.prefix())
			.bind(2, seed.friends())
			.then();
	}

	/**
	 * Post {@code i}: the first {@code hotPosts} by the center's friends, the others by
	 * friends of friends, spread over all of them.
	 */
	private Mono<Long> post(Seed seed, int i) {
		String author = (i < seed.hotPosts()) ? seed.prefix() + "-f" + (i % seed.friends())
				: seed.prefix() + "-f" + (i % seed.friends()) + "-" + ((i / seed.friends()) % seed.friendsOfFriends());
		String orderId = UUID.randomUUID().toString();
		String title = TITLES.get(i % TITLES.size());
		ObjectNode post = this.json.createObjectNode();
		post.put("authorId", author);
		post.put("authorName", author);
		post.put("orderId", orderId);
		post.put("campaignId", seed.campaignId());
		post.put("sellerId", "bench-seller");
		post.put("sku", "BENCH-" + (i % TITLES.size()));
		post.put("title", title);
		post.put("note", "Post " + i + ": " + title + " is really good");
		post.put("rating", 1 + (i % 5));
		post.set("coupon", this.json.valueToTree(seed.coupon()));
		post.put("currency", "EUR");
		post.put("claimsPerShare", ((Number) seed.coupon().get("claimsPerShare")).intValue());
		CircleSlot slot = CircleSlot.ofOrder(orderId);
		String[] keys = { slot.posts(), slot.postsByOrder(), slot.claimsLeft(), slot.idempotency(), slot.outbox() };
		return this.redis.incr(CircleSlot.POST_SEQUENCE)
			.flatMap((seq) -> this.scripts
				.multi(POST, keys, Long.toString(slot.postId(seq)), this.json.writeValueAsString(post), author,
						"seed-" + i, "circle:events")
				.thenReturn(slot.postId(seq)));
	}

}
