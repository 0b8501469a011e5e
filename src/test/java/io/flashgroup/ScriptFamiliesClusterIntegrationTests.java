package io.flashgroup;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderId;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every script family on a real Redis Cluster: a flash-sale purchase and payment, a
 * group-buy seat, a bargain cut, a circle post and claim, and a payment with the claimed
 * coupon, none refused with {@code CROSSSLOT} (every script's keys share one tag, which
 * {@code LuaScripts} also checks on every call); and a promoted replica's empty script
 * cache is no failure ({@code EVALSHA} falls back to {@code EVAL}).
 */
class ScriptFamiliesClusterIntegrationTests extends ClusterIntegrationTestSupport {

	@Test
	void aFlashSalePurchaseAndItsPaymentWork() {
		long sale = liveSale(10, 2);
		String shopper = token("cl-shopper-" + System.nanoTime(), "SHOPPER");
		String orderId = json(purchase(sale, shopper, 1, "k1"), 201).path("id").asString();
		assertThat(pay(orderId, shopper).path("status").asString()).isEqualTo("PAID");
		assertThat(sale(sale).path("stockLeft").asInt()).isEqualTo(9);
	}

	/**
	 * A sale split into 3 buckets on this 3-master cluster (slots split evenly, as
	 * {@code redis-cli --cluster create} does): one bucket on each master, and purchases
	 * land in all three.
	 */
	@Test
	void aSaleSplitInThreeHasOneBucketOnEachMaster() {
		Map<String, Object> body = CampaignBodies.flashSale(100, 1);
		body.put("buckets", 3);
		long sale = create("/api/flash-sales", "cl-seller-" + System.nanoTime(), body);
		try {
			CampaignKeys keys = new CampaignKeys(sale).split(3);
			assertThat(IntStream.range(0, 3).map((k) -> cluster().masterFor(keys.inBucket(k).state())).distinct())
				.as("masters of the buckets of %s", keys)
				.hasSize(3);
			Set<Integer> buckets = new HashSet<>();
			for (int i = 0; i < 30; i++) {
				String orderId = json(purchase(sale, token("cl-bucket-" + i, "SHOPPER"), 1, "k"), 201).path("id")
					.asString();
				buckets.add(OrderId.parse(orderId).orElseThrow().bucket());
			}
			assertThat(buckets).containsExactlyInAnyOrder(0, 1, 2);
			// The view sums the buckets' reports within one live interval.
			await().atMost(Duration.ofSeconds(10)).until(() -> sale(sale).path("stockLeft").asInt() == 70);
		}
		finally {
			// The tests on a single Redis share this PostgreSQL: retired, the sale is no
			// split campaign their Redis "lost".
			this.db.sql("UPDATE campaigns SET retired_at = now() WHERE id = $1").bind(0, sale).then().block();
		}
	}

	@Test
	void aGroupBuySeatIsTakenAndJoined() {
		long campaign = create("/api/group-buys", "cl-seller-" + System.nanoTime(), CampaignBodies.groupBuy(2, 10));
		String opener = token("cl-opener-" + System.nanoTime(), "SHOPPER");
		JsonNode opened = json(seat("/api/group-buys/" + campaign + "/groups", opener), 201);
		String groupId = opened.path("group").path("id").asString();
		String friend = token("cl-friend-" + System.nanoTime(), "SHOPPER");
		JsonNode joined = json(seat("/api/groups/" + groupId + "/members", friend), 201);
		assertThat(joined.path("group").path("id").asString()).isEqualTo(groupId);
		pay(opened.path("order").path("id").asString(), opener);
		pay(joined.path("order").path("id").asString(), friend);
		assertThat(json(client().get().uri("/api/groups/{id}", groupId).exchange(), 200).path("status").asString())
			.isEqualTo("SUCCEEDED");
	}

	@Test
	void aBargainSessionTakesACut() {
		Map<String, Object> body = CampaignBodies.bargain(10_000, 9_000, 2, 5);
		long campaign = create("/api/bargains", "cl-seller-" + System.nanoTime(), body);
		String owner = token("cl-owner-" + System.nanoTime(), "SHOPPER");
		String sessionId = json(post("/api/bargains/" + campaign + "/sessions", owner), 201).path("id").asString();
		String helper = token("cl-helper-" + System.nanoTime(), "SHOPPER");
		JsonNode cut = json(post("/api/bargain-sessions/" + sessionId + "/cuts", helper), 201);
		assertThat(cut.toString()).contains(sessionId);
	}

	@Test
	void aCirclePostIsClaimedAndItsCouponPaysAnOrder() {
		Map<String, Object> saleBody = CampaignBodies.flashSale(10_000, 5);
		saleBody.put("shareCoupon",
				Map.of("discount", Map.of("amount", 500), "minSpend", 3000, "claimsPerShare", 3, "scope", "SHOP"));
		long sale = create("/api/flash-sales", "cl-seller-" + System.nanoTime(), saleBody);
		String authorId = "cl-author-" + System.nanoTime();
		String author = token(authorId, "SHOPPER");
		String authorOrder = json(purchase(sale, author, 1, "a1"), 201).path("id").asString();
		pay(authorOrder, author);
		JsonNode post = json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + author)
			.header("Idempotency-Key", "share-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", authorOrder, "rating", 5, "note", "on a cluster"))
			.exchange(), 201);
		String claimer = "cl-claimer-" + System.nanoTime();
		String claimerToken = token(claimer, "SHOPPER");
		// A post reaches its author's friends (and theirs); the claimer is one.
		this.db.sql("INSERT INTO friendships (user_low, user_high) VALUES ($1, $2) ON CONFLICT DO NOTHING")
			.bind(0, (authorId.compareTo(claimer) < 0) ? authorId : claimer)
			.bind(1, (authorId.compareTo(claimer) < 0) ? claimer : authorId)
			.then()
			.block(Duration.ofSeconds(10));
		JsonNode coupon = json(client().post()
			.uri("/api/circle/posts/{id}/claims", post.path("id").asLong())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + claimerToken)
			.header("Idempotency-Key", "claim-1")
			.exchange(), 201);
		String order = json(purchase(sale, claimerToken, 2, "c1"), 201).path("id").asString();
		JsonNode paid = json(client().post()
			.uri("/api/orders/{id}/payment", order)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + claimerToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("couponId", coupon.path("id").asString()))
			.exchange(), 200);
		assertThat(paid.path("status").asString()).isEqualTo("PAID");
		assertThat(paid.toString()).contains(coupon.path("id").asString());
	}

	@Test
	void aPurchaseSucceedsAfterEveryMasterForgotItsScripts() {
		long sale = liveSale(10, 2);
		String shopper = token("cl-noscript-" + System.nanoTime(), "SHOPPER");
		json(purchase(sale, shopper, 1, "before"), 201);
		for (int master : cluster().masters()) {
			cluster().on(master, RedisCommands::scriptFlush);
		}
		int owner = cluster().masterFor("{c:" + sale + "}:state");
		assertThat(cluster().on(owner, (RedisCommands<String, String> redis) -> redis.scriptExists(sha(sale))))
			.containsOnly(false);
		json(purchase(sale, shopper, 1, "after"), 201);
		assertThat(sale(sale).path("stockLeft").asInt()).isEqualTo(8);
	}

	/** A script's sha: after the flush none is cached (the purchase's included). */
	private static String sha(long sale) {
		return io.flashgroup.shared.LuaScript.load("campaign_create").sha();
	}

	private WebTestClient.ResponseSpec seat(String path, String token) {
		return client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "seat-" + System.nanoTime())
			.exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String token) {
		return client().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

}
