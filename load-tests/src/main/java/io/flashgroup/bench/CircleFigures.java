package io.flashgroup.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Figure 7, the shopping circle: feed and search reads of a shopper whose circle reaches
 * about {@code friends x friendsOfFriends} authors at distance 2 (150 x 150 in the full
 * run), closed-loop and paced at half the authenticated ping (the target: feed p99
 * at most 50 ms there, search p99 at most 100 ms), and claims racing for the coupons of a
 * few hot posts. All driven by wrk; the paced ones by its script's {@code delay()} pacing.
 */
final class CircleFigures {

	/** Search terms: Chinese, Latin, short and long. */
	private static final List<String> TERMS = List.of("蓝牙耳机", "earbuds", "rice", "绿茶", "键盘", "cable",
			"running shoes", "保温");

	/** Hot posts measured; as many again are seeded for the claims' warm-up (coupons run out). */
	private static final int HOT_POSTS = 20;

	private final Options options;

	private final Api api;

	private final Tokens tokens;

	private final Wrk wrk;

	CircleFigures(Options options, Api api, Tokens tokens, Wrk wrk) {
		this.options = options;
		this.api = api;
		this.tokens = tokens;
		this.wrk = wrk;
	}

	/** The rows: each {figure, result, notes}. */
	record Row(String figure, LoadResult result, String notes) {
	}

	List<Row> run(LoadResult ping) {
		int friends = this.options.quick() ? 50 : 150;
		int posts = this.options.quick() ? 4_000 : 20_000;
		String prefix = "bc" + Long.toString(System.currentTimeMillis(), 36);
		long campaignId = this.api.createCircleSale();
		long started = System.nanoTime();
		JsonNode seed = this.api.seedCircle(prefix, friends, friends, posts, 2 * HOT_POSTS, campaignId);
		while (this.api.storedCirclePosts(prefix) < posts) {
			if (System.nanoTime() - started > Duration.ofMinutes(3).toNanos()) {
				throw new IllegalStateException("circle posts not flushed within three minutes");
			}
			pause(200);
		}
		this.api.analyzeCircle();
		double seedSeconds = (System.nanoTime() - started) / 1e9;
		Wrk.Load feed = Wrk.Load.get("/api/circle/feed", this.wrk.file("center",
				List.of(this.tokens.mint(seed.path("center").asText(), "SHOPPER"))));
		Wrk.Load search = feed.paths(TERMS.stream()
			.map((term) -> "/api/circle/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8))
			.toList());
		String reach = "%,d authors at distance ≤ 2, %,d posts (seeded and flushed in %.0f s)"
			.formatted(friends + friends * friends, posts, seedSeconds);
		String url = this.options.baseUrl();
		LoadResult feedResult = this.wrk.measure("feed", url, feed);
		LoadResult searchResult = this.wrk.measure("search", url, search);
		int half = (ping != null) ? (int) (ping.throughput() / 2) : 1_000;
		LoadResult feedPaced = this.wrk.measure("feed paced", url, feed.paced(half));
		// Closed-loop p99 is the queue of 64 connections, not a search's latency: search is
		// also read at a quarter of the ping, the load the p99 target is read at.
		LoadResult searchPaced = this.wrk.measure("search paced", url, search.paced(half / 2));
		// Friends of friends, each reading once (the warm-up reads as others): no read finds a
		// page its node kept, so every one is computed.
		List<String> readers = new ArrayList<>();
		for (int i = 0; i < friends; i++) {
			for (int j = 0; j < friends; j++) {
				readers.add(this.tokens.mint(prefix + "-f" + i + "-" + j, "SHOPPER"));
			}
		}
		Collections.shuffle(readers, new Random(7));
		List<String> warmUpReaders = readers.subList(0, readers.size() / 4);
		readers = readers.subList(readers.size() / 4, readers.size());
		LoadResult manyReaders = this.wrk.measure("feed, many readers", url,
				Wrk.Load.get("/api/circle/feed", this.wrk.file("warm-up-readers", warmUpReaders)),
				Wrk.Load.get("/api/circle/feed", this.wrk.file("readers", readers)));
		JsonNode hot = seed.path("hotPosts");
		LoadResult claims = this.wrk.measure("claims", url, claims(hot, 0, prefix, friends),
				claims(hot, HOT_POSTS, prefix, friends));
		return List.of(new Row("7a. Circle feed (`GET /api/circle/feed`, first page)", feedResult,
				reach + "; one reader, so after the first read the node's kept page (checked by one query); "),
				new Row("7b. Circle feed paced at 0.5 x ping (%,d/s offered)".formatted(half), feedPaced,
						"target p99 ≤ 50 ms; paced by wrk delay(); "),
				new Row("7c. Circle search (`GET /api/circle/search?q=`, CJK and Latin)", searchResult,
						"closed loop; "),
				new Row("7c'. Circle search paced at 0.25 x ping (%,d/s offered)".formatted(half / 2), searchPaced,
						"target p99 ≤ 100 ms; paced by wrk delay(); "),
				new Row("7e. Circle feed, each of %,d friends of friends reading once".formatted(readers.size()),
						manyReaders,
						"every read computed (none finds a kept page); each reader reaches about %,d authors; "
							.formatted(2 * friends)),
				new Row("7d. Claims on %d hot posts (10 coupons each)".formatted(HOT_POSTS), claims,
						"friends of each post's author race, a claimer's replayed key answers 201 again (warm-up on %d other hot posts); "
							.formatted(HOT_POSTS)));
	}

	/**
	 * Hot posts {@code from .. from + HOT_POSTS}: each claimed by every friend of its author (so
	 * the post is visible), shuffled; a claimer's key is fixed, so a second round replays it.
	 */
	private Wrk.Load claims(JsonNode hot, int from, String prefix, int friends) {
		List<String[]> claims = new ArrayList<>();
		for (int h = from; h < from + HOT_POSTS && h < hot.size(); h++) {
			for (int j = 0; j < friends; j++) {
				claims.add(new String[] { this.tokens.mint(prefix + "-f" + (h % friends) + "-" + j, "SHOPPER"),
						"/api/circle/posts/" + hot.get(h).asLong() + "/claims", "claim-" + h + "-" + j });
			}
		}
		Collections.shuffle(claims, new Random(from));
		Wrk.Load load = Wrk.Load.post("", this.wrk.file("claimers", claims.stream().map((c) -> c[0]).toList()),
				this.wrk.file("claim-keys", claims.stream().map((c) -> c[2]).toList()).toString(), null);
		return load.paths(claims.stream().map((c) -> c[1]).toList());
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
