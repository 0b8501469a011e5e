package io.flashgroup.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Figure 7, the shopping circle: feed and search reads of a shopper whose circle reaches
 * about {@code friends x friendsOfFriends} authors at distance 2 (150 x 150 in the full
 * run), closed-loop and paced at half the framework ceiling (the target: feed p99
 * at most 50 ms there, search p99 at most 100 ms), and claims racing for the coupons of a
 * few hot posts.
 */
final class CircleFigures {

	/** Search terms: Chinese, Latin, short and long. */
	private static final List<String> TERMS = List.of("蓝牙耳机", "earbuds", "rice", "绿茶", "键盘", "cable",
			"running shoes", "保温");

	private final Options options;

	private final Api api;

	private final Tokens tokens;

	CircleFigures(Options options, Api api, Tokens tokens) {
		this.options = options;
		this.api = api;
		this.tokens = tokens;
	}

	/** The rows: each {figure, result, notes}. */
	record Row(String figure, LoadResult result, String notes) {
	}

	List<Row> run(HttpLoad load, LoadResult ceiling) {
		int friends = this.options.quick() ? 50 : 150;
		int posts = this.options.quick() ? 4_000 : 20_000;
		int hotPosts = 20;
		String prefix = "bc" + Long.toString(System.currentTimeMillis(), 36);
		long campaignId = this.api.createCircleSale();
		long started = System.nanoTime();
		JsonNode seed = this.api.seedCircle(prefix, friends, friends, posts, hotPosts, campaignId);
		while (this.api.storedCirclePosts(prefix) < posts) {
			if (System.nanoTime() - started > Duration.ofMinutes(3).toNanos()) {
				throw new IllegalStateException("circle posts not flushed within three minutes");
			}
			pause(200);
		}
		this.api.analyzeCircle();
		double seedSeconds = (System.nanoTime() - started) / 1e9;
		String center = this.tokens.mint(seed.path("center").asText(), "SHOPPER");
		String reach = "%,d authors at distance ≤ 2, %,d posts (seeded and flushed in %.0f s)"
			.formatted(friends + friends * friends, posts, seedSeconds);
		load.run("feed warm-up", Duration.ofSeconds(3), feed(center));
		LoadResult feed = load.run("feed", this.options.duration(), feed(center));
		LoadResult search = load.run("search", this.options.duration(), search(center));
		int half = (ceiling != null) ? (int) (ceiling.throughput() / 2) : 1_000;
		LoadResult feedPaced = load.run("feed paced", this.options.duration(), half, feed(center));
		// Closed-loop p99 is the queue of 64 connections, not a search's latency: search is
		// also read at a quarter of the ceiling, the load the p99 target is read at.
		LoadResult searchPaced = load.run("search paced", this.options.duration(), half / 2, search(center));
		LoadResult claims = load.run("claims", this.options.duration().dividedBy(2), claims(seed, prefix, friends));
		return List.of(new Row("7a. Circle feed (`GET /api/circle/feed`, first page)", feed, ratio(feed, ceiling) + reach + "; "),
				new Row("7b. Circle feed paced at 0.5 x ceiling (%,d/s offered)".formatted(half), feedPaced,
						"target p99 ≤ 50 ms; "),
				new Row("7c. Circle search (`GET /api/circle/search?q=`, CJK and Latin)", search,
						ratio(search, ceiling) + "closed loop; "),
				new Row("7c'. Circle search paced at 0.25 x ceiling (%,d/s offered)".formatted(half / 2), searchPaced,
						"target p99 ≤ 100 ms; "),
				new Row("7d. Claims on %d hot posts (10 coupons each)".formatted(hotPosts), claims,
						"friends of each post's author race; "));
	}

	private static String ratio(LoadResult result, LoadResult ceiling) {
		return (ceiling != null) ? "%.2f x ceiling; ".formatted(result.throughput() / ceiling.throughput()) : "";
	}

	private IntFunction<HttpLoad.Request> feed(String token) {
		return (i) -> new HttpLoad.Request(HttpMethod.GET, "/api/circle/feed", token, null, null);
	}

	private IntFunction<HttpLoad.Request> search(String token) {
		return (i) -> new HttpLoad.Request(HttpMethod.GET,
				"/api/circle/search?q=" + java.net.URLEncoder.encode(TERMS.get(i % TERMS.size()),
						java.nio.charset.StandardCharsets.UTF_8),
				token, null, null);
	}

	/** A friend of a hot post's author (so the post is visible) claims it. */
	private IntFunction<HttpLoad.Request> claims(JsonNode seed, String prefix, int friends) {
		JsonNode hot = seed.path("hotPosts");
		return (i) -> {
			int h = ThreadLocalRandom.current().nextInt(hot.size());
			int j = ThreadLocalRandom.current().nextInt(friends);
			String claimer = this.tokens.mint(prefix + "-f" + (h % friends) + "-" + j, "SHOPPER");
			return new HttpLoad.Request(HttpMethod.POST, "/api/circle/posts/" + hot.get(h).asLong() + "/claims",
					claimer, "claim-" + h + "-" + j, null);
		};
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
