package io.flashgroup.loadtest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Rehearses the shopping circle on a promotion day: a seeded circle (a center shopper with
 * {@code -Dfriends} friends, each with as many friends of their own, and {@code -Dposts}
 * posts by them, through the bench seed of the dev run) read by feed readers at
 * {@code -DfeedRate} per second (a third follow the cursor to the next page) and
 * searchers at {@code -DsearchRate} per second (Chinese and Latin terms), while claimers
 * race for the coupons of {@code -DhotPosts} posts at {@code -DclaimRate} per second,
 * for {@code -Dduration} seconds after a warm-up that ramps up to those rates over
 * {@code -Dwarmup} seconds (120, as long as C2 compiles under this load on a fresh
 * server; 0 for none). Shoppers share the client's connections, as
 * a load balancer in front of the nodes does ({@code -DsharedConnections=false} opens one
 * per shopper). Fails on any unexpected answer, a feed p99 above {@code -DfeedP99Ms} (50), a search p99
 * above {@code -DsearchP99Ms} (100), or a hot post whose claims left is not exactly its
 * coupons minus the claims the run was granted (never below zero).
 */
public class CircleStorm extends Simulation {

	private static final List<String> TERMS = List.of("蓝牙耳机", "earbuds", "rice", "绿茶", "键盘", "cable",
			"running shoes", "保温");

	private static final int COUPONS_PER_POST = 10;

	private final Config config = Config.load(defaults());

	private final ServerApi api = new ServerApi(this.config.baseUrl());

	private final String prefix = "cs" + Long.toString(System.currentTimeMillis(), 36);

	private final int friends = this.config.positiveInt("friends");

	private final int hotPosts = this.config.positiveInt("hotPosts");

	/** Filled in {@code before()}: tokens and the hot posts. */
	private final List<String> readers = new ArrayList<>();

	private volatile String opsToken = "";

	private final Map<Integer, List<String>> claimersByPost = new LinkedHashMap<>();

	private final List<Long> hot = new ArrayList<>();

	/** Per hot post, the claimers granted a coupon (a replayed 201 names the same claimer). */
	private final Map<Long, Set<String>> granted = new ConcurrentHashMap<>();

	{
		// The same load twice: ramped up over -Dwarmup seconds (its requests named
		// "warm-up ...", outside the p99 assertions, which a cold JVM's first seconds
		// would otherwise decide), then at full rate for -Dduration.
		Duration warmup = this.config.seconds("warmup");
		Duration duration = this.config.duration();
		double feedRate = this.config.positiveDouble("feedRate");
		double searchRate = this.config.positiveDouble("searchRate");
		double claimRate = this.config.positiveDouble("claimRate");
		// The measured load starts as the ramp ends, with no pause in between (a pause
		// would let every kept page pass its recheck at once).
		PopulationBuilder feed = feed("")
			.injectOpen(nothingFor(warmup), constantUsersPerSec(feedRate).during(duration))
			.andThen(check().injectOpen(atOnceUsers(1)));
		PopulationBuilder search = search("")
			.injectOpen(nothingFor(warmup), constantUsersPerSec(searchRate).during(duration));
		PopulationBuilder claims = claims("")
			.injectOpen(nothingFor(warmup), constantUsersPerSec(claimRate).during(duration));
		List<PopulationBuilder> load = new ArrayList<>(List.of(feed, search, claims));
		if (!warmup.isZero()) {
			load.add(feed("warm-up ").injectOpen(rampUsersPerSec(1).to(feedRate).during(warmup)));
			load.add(search("warm-up ").injectOpen(rampUsersPerSec(1).to(searchRate).during(warmup)));
			load.add(claims("warm-up ").injectOpen(rampUsersPerSec(1).to(claimRate).during(warmup)));
		}
		HttpProtocolBuilder protocol = http.baseUrl(this.config.baseUrl())
			.acceptHeader("application/json, application/problem+json");
		if (Boolean.parseBoolean(this.config.string("sharedConnections"))) {
			// As behind a load balancer or ingress, which keeps its connections to the
			// server open: -DsharedConnections=false opens one per shopper instead.
			protocol = protocol.shareConnections();
		}
		setUp(load).protocols(protocol)
			.assertions(global().failedRequests().count().is(0L),
					details("feed").responseTime().percentile(99.0).lt(this.config.positiveInt("feedP99Ms")),
					details("search").responseTime().percentile(99.0).lt(this.config.positiveInt("searchP99Ms")),
					details("claims check").successfulRequests().count().is((long) this.hotPosts));
	}

	private ScenarioBuilder feed(String phase) {
		return scenario(phase + "circle feed").exec((session) -> session.set("token", reader()))
			.exec(http(phase + "feed").get("/api/circle/feed")
				.header("Authorization", "Bearer #{token}")
				// A regular expression, not a JSON parse of the page: the client stays cheap.
				.check(status().is(200), regex("\"nextCursor\":\"([^\"]+)\"").optional().saveAs("cursor")))
			.exec(doIf((session) -> session.contains("cursor") && ThreadLocalRandom.current().nextInt(3) == 0)
				.then(http(phase + "feed next page")
					.get((session) -> "/api/circle/feed?cursor="
							+ URLEncoder.encode(session.getString("cursor"), StandardCharsets.UTF_8))
					.header("Authorization", "Bearer #{token}")
					.check(status().is(200))));
	}

	private ScenarioBuilder search(String phase) {
		return scenario(phase + "circle search").exec((session) -> session.set("token", reader()))
			.exec(http(phase + "search")
				.get((session) -> "/api/circle/search?q=" + URLEncoder
					.encode(TERMS.get(ThreadLocalRandom.current().nextInt(TERMS.size())), StandardCharsets.UTF_8))
				.header("Authorization", "Bearer #{token}")
				.check(status().is(200)));
	}

	private ScenarioBuilder claims(String phase) {
		return scenario(phase + "circle claims").exec((session) -> {
			int h = ThreadLocalRandom.current().nextInt(this.hot.size());
			List<String> claimers = this.claimersByPost.get(h);
			int c = ThreadLocalRandom.current().nextInt(claimers.size());
			return session.set("post", this.hot.get(h)).set("token", claimers.get(c)).set("key", "claim-" + h + "-" + c);
		})
			.exec(http(phase + "claim").post("/api/circle/posts/#{post}/claims")
				.header("Authorization", "Bearer #{token}")
				.header("Idempotency-Key", "#{key}")
				.check(status().in(201, 409), status().saveAs("status")))
			.exec((session) -> {
				if (session.getInt("status") == 201) {
					this.granted.get(session.getLong("post")).add(session.getString("key"));
				}
				return session;
			});
	}

	/**
	 * After the load: the ops audit of each hot post (Redis and PostgreSQL agree, the
	 * outbox is flushed), and its claims bounded by the 201s the claimers saw, never
	 * below. A claim answered 503 (outcome unknown) may have run.
	 */
	private ScenarioBuilder check() {
		return scenario("Claims check").pause(Duration.ofSeconds(2))
			.exec(repeat(this.hotPosts, "i")
				.on(exec((session) -> session.set("post", this.hot.get(session.getInt("i"))).set("token", this.opsToken))
					.exec(http("claims check").get("/api/ops/circle/posts/#{post}/audit")
						.header("Authorization", "Bearer #{token}")
						.check(status().is(200), jmesPath("consistent").ofBoolean().is(true),
								jmesPath("claimsLeft").ofInt()
									.validate("coupons - claims left >= claims granted, claims left >= 0",
											(left, session) -> {
												int granted = this.granted.get(session.getLong("post")).size();
												if (left < 0 || COUPONS_PER_POST - left < granted) {
													throw new IllegalStateException("post " + session.getLong("post")
															+ ": claimsLeft " + left + " but " + granted
															+ " claims granted");
												}
												return left;
											})))));
	}

	private String reader() {
		return this.readers.get(ThreadLocalRandom.current().nextInt(this.readers.size()));
	}

	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("duration", "30");
		defaults.put("warmup", "120");
		defaults.put("sharedConnections", "true");
		defaults.put("friends", "150");
		defaults.put("posts", "20000");
		defaults.put("hotPosts", "10");
		defaults.put("claimers", "40");
		defaults.put("feedRate", "100");
		defaults.put("searchRate", "25");
		defaults.put("claimRate", "25");
		defaults.put("feedP99Ms", "50");
		defaults.put("searchP99Ms", "100");
		return defaults;
	}

	/**
	 * Tokens from the dev run, the sale, the seed, then waits until PostgreSQL holds every
	 * post (the flusher's work, as after a day of sharing) and refreshes its statistics.
	 */
	@Override
	public void before() {
		System.out.println(this.config.describe());
		String seller = token(this.prefix + "-seller", "SELLER");
		String ops = token(this.prefix + "-ops", "OPS");
		this.opsToken = ops;
		Instant now = Instant.now();
		long sale = this.api.post("/api/flash-sales", seller, Map.of("sku", "STORM", "title", "Circle storm sale",
				"price", 1000, "currency", "EUR", "stock", 1000, "startsAt", now.minusSeconds(1).toString(), "endsAt",
				now.plusSeconds(3600).toString(), "shareCoupon",
				Map.of("discount", Map.of("amount", 100), "claimsPerShare", COUPONS_PER_POST)))
			.expect(201)
			.path("id")
			.asLong();
		int posts = this.config.positiveInt("posts");
		JsonNode seed = this.api.post("/api/bench/circle-graph", ops,
				Map.of("prefix", this.prefix, "friends", this.friends, "friendsOfFriends", this.friends, "posts", posts,
						"hotPosts", this.hotPosts, "campaignId", sale, "coupon",
						Map.of("discount", Map.of("amount", 100), "minSpend", 0, "validForMs", 604_800_000L,
								"claimsPerShare", COUPONS_PER_POST, "scope", "SHOP")),
				Duration.ofMinutes(2))
			.expect(200);
		seed.path("hotPosts").forEach((id) -> {
			this.hot.add(id.asLong());
			this.granted.put(id.asLong(), ConcurrentHashMap.newKeySet());
		});
		// Readers: the center and a few of its friends; claimers: friends of each hot post's author.
		this.readers.add(token(seed.path("center").asText(), "SHOPPER"));
		for (int i = 0; i < Math.min(10, this.friends); i++) {
			this.readers.add(token(this.prefix + "-f" + i, "SHOPPER"));
		}
		int claimers = this.config.positiveInt("claimers");
		for (int h = 0; h < this.hot.size(); h++) {
			List<String> tokens = new ArrayList<>();
			for (int j = 0; j < Math.min(claimers, this.friends); j++) {
				tokens.add(token(this.prefix + "-f" + (h % this.friends) + "-" + j, "SHOPPER"));
			}
			this.claimersByPost.put(h, tokens);
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (this.api.get("/api/bench/circle-graph/" + this.prefix + "/stored", ops).expect(200).path("posts").asLong() < posts) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the seeded posts did not reach PostgreSQL within three minutes");
			}
			pauseBriefly();
		}
		// As autovacuum does some time after a day of sharing: the load then meets the
		// plans a shop's database runs, and no ANALYZE of 20,000 new posts in its midst.
		this.api.post("/api/bench/circle-graph/analyze", ops, Map.of()).expect(200);
	}

	private String token(String userId, String role) {
		return this.api.post("/api/dev/tokens", null, Map.of("userId", userId, "roles", List.of(role)))
			.expect(200)
			.path("token")
			.asText();
	}

	private static void pauseBriefly() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void after() {
		this.granted.forEach((post, claimers) -> System.out.println("post " + post + ": " + claimers.size() + " claims granted"));
	}

}
