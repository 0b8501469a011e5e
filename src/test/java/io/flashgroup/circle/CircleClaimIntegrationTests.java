package io.flashgroup.circle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flashgroup.Rush;
import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.coupon.Coupons;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims: the race for a post's last coupons, and each rule of a claim. */
class CircleClaimIntegrationTests extends CircleTestSupport {

	@Test
	void aThousandConcurrentClaimsOfTenCouponsMakeExactlyTenCouponsThatPostgresAgreesWith() {
		long sale = shareableSale(10);
		String author = user("author");
		JsonNode post = post(sale, token(author, "SHOPPER"), "Great headphones");
		long postId = post.path("id").asLong();
		List<String> tokens = new ArrayList<>();
		List<String> shoppers = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			String shopper = user("claimer" + i);
			shoppers.add(shopper);
			befriend(author, shopper);
			tokens.add(token(shopper, "SHOPPER"));
		}

		List<Rush.Answer> answers = Rush.fire(this.port, 1000, 200,
				(web, i) -> web.post()
					.uri("/api/circle/posts/" + postId + "/claims")
					.header("Authorization", "Bearer " + tokens.get(i))
					.header("Idempotency-Key", "claim"));

		assertThat(Rush.statuses(answers)).containsExactlyInAnyOrderEntriesOf(Map.of(201, 10, 409, 990));
		Set<String> couponIds = new HashSet<>();
		for (Rush.Answer answer : answers) {
			if (answer.status() == 201) {
				couponIds.add(answer.body().path("id").asString());
			}
			else {
				assertThat(answer.body().path("type").asString()).endsWith("/no-claims-left");
			}
		}
		Set<String> expected = new HashSet<>();
		for (int n = 1; n <= 10; n++) {
			expected.add(postId + "-" + n);
		}
		assertThat(couponIds).isEqualTo(expected);
		CircleSlot slot = CircleSlot.ofPost(postId);
		assertThat(this.redis.hget(slot.claimsLeft(), Long.toString(postId)).block()).isEqualTo("0");
		Map<String, String> claimers = this.redis.hgetall(slot.claimers(postId))
			.collectMap((kv) -> kv.getKey(), (kv) -> kv.getValue())
			.block(Duration.ofSeconds(10));
		assertThat(claimers).hasSize(10);
		assertThat(new HashSet<>(claimers.values())).isEqualTo(expected);
		for (Map.Entry<String, String> claimer : claimers.entrySet()) {
			assertThat(this.redis.smembers(Coupons.indexKey(claimer.getKey())).collectList().block())
				.containsExactly(claimer.getValue());
		}

		// PostgreSQL agrees once the circle flusher has run.
		awaitPostRow(postId, 11);
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Map<String, Object>> rows = this.db
				.sql("SELECT id, user_id, status, version FROM coupons WHERE post_id = $1 ORDER BY id")
				.bind(0, postId)
				.fetch()
				.all()
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(rows).hasSize(10);
			Map<String, String> byUser = new java.util.HashMap<>();
			rows.forEach((row) -> byUser.put((String) row.get("user_id"), (String) row.get("id")));
			assertThat(byUser).isEqualTo(claimers);
			assertThat(rows).allSatisfy((row) -> assertThat(row.get("status")).isEqualTo("AVAILABLE"));
		});
		Map<String, Object> row = this.db.sql("SELECT claims_left, status, version FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(row).containsEntry("claims_left", 0).containsEntry("status", "ACTIVE").containsEntry("version", 11);
		assertThat(shoppers).containsAll(claimers.keySet());
		JsonNode audit = json(get("/api/ops/circle/posts/" + postId + "/audit", token("ops", "OPS")), 200);
		assertThat(audit.path("consistent").asBoolean()).as(audit.toString()).isTrue();
		assertThat(audit.path("flushed").asBoolean()).isTrue();
		assertThat(audit.path("claimed").asInt()).isEqualTo(10);
		assertThat(audit.path("storedCoupons").asLong()).isEqualTo(10);
	}

	@Test
	void theAuditNamesACounterThatDisagreesWithTheClaims() {
		long sale = shareableSale(3);
		String author = user("author");
		String friend = user("friend");
		befriend(author, friend);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		json(claim(postId, token(friend, "SHOPPER"), "k"), 201);
		String ops = token("ops", "OPS");
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> json(get("/api/ops/circle/posts/" + postId + "/audit", ops), 200).path("consistent")
				.asBoolean());

		this.redis.hincrby(CircleSlot.ofPost(postId).claimsLeft(), Long.toString(postId), 1).block();

		JsonNode audit = json(get("/api/ops/circle/posts/" + postId + "/audit", ops), 200);
		assertThat(audit.path("consistent").asBoolean()).isFalse();
		assertThat(audit.path("problems").toString()).contains("claims-left counter 3 but 1 of 3 claimed");
		json(get("/api/ops/circle/posts/" + postId + "/audit", token(author, "SHOPPER")), 403);
	}

	@Test
	void aClaimIsForFriendsAndTheirFriendsOnceEachAndNeverTheAuthors() {
		long sale = shareableSale(3);
		String author = user("author");
		String authorToken = token(author, "SHOPPER");
		String friend = user("friend");
		String friendOfFriend = user("fof");
		String stranger = user("stranger");
		befriend(author, friend);
		befriend(friend, friendOfFriend);
		long postId = post(sale, authorToken, "").path("id").asLong();

		JsonNode problem = json(claim(postId, token(stranger, "SHOPPER"), "k1"), 404);
		assertThat(problem.path("type").asString()).endsWith("/post-not-found");
		assertThat(json(claim(postId, authorToken, "k1"), 422).path("type").asString()).endsWith("/own-post");

		String friendToken = token(friend, "SHOPPER");
		JsonNode coupon = json(claim(postId, friendToken, "k1"), 201);
		assertThat(coupon.path("id").asString()).isEqualTo(postId + "-1");
		assertThat(coupon.path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(coupon.path("terms").path("discount").path("amount").asLong()).isEqualTo(500);
		assertThat(coupon.has("userId")).isFalse();
		// The same key replays the claim; another key is a second claim, refused.
		assertThat(json(claim(postId, friendToken, "k1"), 201).path("id").asString()).isEqualTo(postId + "-1");
		JsonNode again = json(claim(postId, friendToken, "k2"), 409);
		assertThat(again.path("type").asString()).endsWith("/already-claimed");
		assertThat(again.path("coupon").path("id").asString()).isEqualTo(postId + "-1");

		JsonNode far = json(claim(postId, token(friendOfFriend, "SHOPPER"), "k1"), 201);
		assertThat(far.path("id").asString()).isEqualTo(postId + "-2");
		JsonNode view = json(get("/api/circle/posts/" + postId, token(friendOfFriend, "SHOPPER")), 200);
		assertThat(view.path("claimsLeft").asInt()).isEqualTo(1);
		assertThat(view.path("claimedByMe").asBoolean()).isTrue();
		assertThat(view.path("distance").asInt()).isEqualTo(2);
	}

	@Test
	void aWithdrawnPostOfARefundedOrderGivesNoMoreCouponsButClaimedOnesStay() {
		long sale = shareableSale(3);
		String author = user("author");
		String friend = user("friend");
		String late = user("late");
		befriend(author, friend);
		befriend(author, late);
		long postId = post(sale, token(author, "SHOPPER"), "").path("id").asLong();
		json(claim(postId, token(friend, "SHOPPER"), "k"), 201);

		assertThat(postService().withdraw(postId).block(Duration.ofSeconds(10))).isTrue();
		assertThat(postService().withdraw(postId).block(Duration.ofSeconds(10))).isFalse();

		JsonNode refused = json(claim(postId, token(late, "SHOPPER"), "k"), 409);
		assertThat(refused.path("type").asString()).endsWith("/post-withdrawn");
		CircleSlot slot = CircleSlot.ofPost(postId);
		assertThat(this.redis.hget(slot.coupons(), postId + "-1").block()).contains("\"AVAILABLE\"");
		awaitPostRow(postId, 3);
		assertThat(this.db.sql("SELECT status, claims_left FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.fetch()
			.one()
			.block(Duration.ofSeconds(10))).containsEntry("status", "WITHDRAWN").containsEntry("claims_left", 0);
	}

	@org.springframework.beans.factory.annotation.Autowired
	private PostService posts;

	private PostService postService() {
		return this.posts;
	}

}
