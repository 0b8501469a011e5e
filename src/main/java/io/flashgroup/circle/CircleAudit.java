package io.flashgroup.circle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciles one post's Redis and PostgreSQL views (role OPS): the claims-left counter,
 * the post JSON's copy of it, the claimers and their coupons in Redis, and the post and
 * coupon rows in PostgreSQL once the flusher caught up with the post's version.
 */
@RestController
class CircleAudit implements ApiRoutes {

	private final RedisClusterReactiveCommands<String, String> redis;

	private final DatabaseClient db;

	private final PostService posts;

	CircleAudit(RedisClusterReactiveCommands<String, String> redis, DatabaseClient db, PostService posts) {
		this.redis = redis;
		this.db = db;
		this.posts = posts;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		return List.of(ApiRoute.forRoles(HttpMethod.GET, 200, "/api/ops/circle/posts/{id}/audit", List.of("OPS"), "OPS",
				null, List.of("unauthorized", "forbidden", "post-not-found", "unavailable")));
	}

	@GetMapping("/api/ops/circle/posts/{id}/audit")
	Mono<Report> audit(@PathVariable String id) {
		long postId;
		try {
			postId = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return Mono.error(PostService.notFound(-1));
		}
		return audit(postId);
	}

	Mono<Report> audit(long postId) {
		CircleSlot slot = CircleSlot.ofPost(postId);
		return this.posts.find(postId)
			.switchIfEmpty(Mono.error(() -> PostService.notFound(postId)))
			.flatMap(
					(post) -> Mono
						.zip(this.posts.claimsLeft(slot, post),
								this.redis.hgetall(slot.claimers(postId))
									.collectMap(KeyValue::getKey, KeyValue::getValue),
								stored(postId), storedCoupons(postId))
						.flatMap((t) -> couponsInRedis(slot, t.getT2())
							.map((present) -> report(post, t.getT1(), t.getT2(), present, t.getT3(), t.getT4()))));
	}

	private Mono<Long> couponsInRedis(CircleSlot slot, Map<String, String> claimers) {
		if (claimers.isEmpty()) {
			return Mono.just(0L);
		}
		return this.redis.hmget(slot.coupons(), claimers.values().toArray(String[]::new))
			.filter(KeyValue::hasValue)
			.count();
	}

	private Mono<Stored> stored(long postId) {
		return this.db.sql("SELECT claims_left, status, version FROM circle_posts WHERE id = $1")
			.bind(0, postId)
			.map((row) -> new Stored(row.get("claims_left", Integer.class), row.get("status", String.class),
					row.get("version", Integer.class)))
			.one()
			.defaultIfEmpty(new Stored(-1, "", 0));
	}

	private Mono<Long> storedCoupons(long postId) {
		return this.db.sql("SELECT count(*) AS n FROM coupons WHERE post_id = $1")
			.bind(0, postId)
			.map((row) -> row.get("n", Long.class))
			.one();
	}

	private static Report report(Post post, int counter, Map<String, String> claimers, long couponsInRedis,
			Stored stored, long couponRows) {
		List<String> problems = new ArrayList<>();
		int claimed = claimers.size();
		boolean withdrawn = Post.WITHDRAWN.equals(post.status());
		if (withdrawn ? counter != 0 : counter != post.claimsPerShare() - claimed) {
			problems.add("claims-left counter " + counter + " but " + claimed + " of " + post.claimsPerShare()
					+ " claimed (" + post.status() + ")");
		}
		if (post.claimsLeft() != counter) {
			problems.add("post JSON says " + post.claimsLeft() + " claims left, the counter " + counter);
		}
		if (couponsInRedis != claimed) {
			problems.add(claimed + " claimers but " + couponsInRedis + " of their coupons in Redis");
		}
		boolean flushed = stored.version() == post.version();
		if (flushed && stored.claimsLeft() != counter) {
			problems.add("PostgreSQL says " + stored.claimsLeft() + " claims left, Redis " + counter);
		}
		if (flushed && couponRows != claimed) {
			problems.add("PostgreSQL has " + couponRows + " coupons, Redis " + claimed + " claimers");
		}
		return new Report(post.id(), post.status(), post.claimsPerShare(), counter, claimed,
				(stored.version() > 0) ? stored.claimsLeft() : null, couponRows, flushed, problems.isEmpty(), problems);
	}

	private record Stored(int claimsLeft, String status, int version) {
	}

	/**
	 * A post's audit.
	 *
	 * @param postId the post
	 * @param status ACTIVE or WITHDRAWN
	 * @param claimsPerShare coupons in all
	 * @param claimsLeft the Redis counter
	 * @param claimed claimers in Redis
	 * @param storedClaimsLeft PostgreSQL's claims left, absent before the first flush
	 * @param storedCoupons coupon rows in PostgreSQL
	 * @param flushed whether PostgreSQL holds the post's current version
	 * @param consistent whether every check passed
	 * @param problems what disagrees
	 */
	record Report(long postId, String status, int claimsPerShare, int claimsLeft, int claimed,
			@Nullable Integer storedClaimsLeft, long storedCoupons, boolean flushed, boolean consistent,
			List<String> problems) {
	}

}
