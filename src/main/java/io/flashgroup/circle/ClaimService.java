package io.flashgroup.circle;

import java.util.List;
import java.util.Map;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.coupon.Coupons;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Claims: visibility is checked in Java (the friend graph lives in PostgreSQL), then one
 * script on the post's slot decides the claim atomically however many shoppers race for
 * the last coupon. The shopper's coupon index ({@code {u:<id>}:coupons}) is written right
 * after, as a second, idempotent step: readers union it with PostgreSQL's rows, so a
 * crash between the two loses nothing.
 */
@Service
class ClaimService {

	private static final LuaScript CLAIM = LuaScript.load("circle_claim");

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final PostService posts;

	private final ServerClock clock;

	private final JsonMapper json;

	private final FeedChanges changes;

	ClaimService(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, PostService posts,
			ServerClock clock, JsonMapper json, FeedChanges changes) {
		this.changes = changes;
		this.redis = redis;
		this.scripts = scripts;
		this.posts = posts;
		this.clock = clock;
		this.json = json;
	}

	/** Claims one of the post's coupons for the shopper: the coupon, or a problem. */
	Mono<CouponView> claim(long postId, String userId, String idempotencyKey) {
		return this.posts.placed(postId, userId)
			.switchIfEmpty(Mono.error(() -> PostService.notFound(postId)))
			.flatMap((placed) -> run(postId, userId, idempotencyKey))
			.flatMap((coupon) -> this.redis.sadd(Coupons.indexKey(userId), coupon.id())
				.thenReturn(CouponView.of(coupon, this.clock.millis())));
	}

	private Mono<Coupon> run(long postId, String userId, String idempotencyKey) {
		CircleSlot slot = CircleSlot.ofPost(postId);
		String[] keys = { slot.posts(), slot.claimsLeft(), slot.claimers(postId), slot.coupons(), slot.idempotency(),
				slot.outbox() };
		return this.scripts
			.multi(CLAIM, keys, Long.toString(postId), userId, idempotencyKey,
					this.scripts.channel(CircleChannels.POST_PREFIX, slot.tag()), CircleChannels.EVENTS)
			// Noted here before the answer: the next page read on this node shows the
			// claim (the claims left, and the claimer's "claimed by me").
			.doOnNext((reply) -> {
				if (reply.size() > 2 && reply.get(2) instanceof Long left) {
					this.changes.claims(postId, left.intValue(), true);
					this.changes.claimed(userId);
				}
			})
			.flatMap((reply) -> outcome(postId, reply));
	}

	private Mono<Coupon> outcome(long postId, List<Object> reply) {
		String outcome = String.valueOf(reply.get(0));
		String detail = String.valueOf(reply.get(1));
		return switch (outcome) {
			case "CLAIMED", "DUPLICATE" -> Mono.just(coupon(detail));
			// The shopper's earlier claim: its index entry may be what a crash lost.
			case "ALREADY_CLAIMED" -> {
				Coupon coupon = coupon(detail);
				yield this.redis.sadd(Coupons.indexKey(coupon.userId()), coupon.id())
					.then(Mono.error(ProblemException.conflict("already-claimed",
							"You claimed a coupon of post " + postId + " already",
							Map.of("coupon", CouponView.of(coupon, this.clock.millis())))));
			}
			case "KEY_REUSED" -> Mono.error(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
					"idempotency-key-reused", "This Idempotency-Key claimed a coupon of another post; use a new key"));
			case "NO_CLAIMS_LEFT" -> Mono.error(ProblemException.conflict("no-claims-left",
					"Every coupon of post " + postId + " is claimed", Map.of("claimsLeft", 0)));
			case "WITHDRAWN" -> Mono.error(ProblemException.conflict("post-withdrawn",
					"Post " + postId + " was withdrawn: its order was refunded", Map.of()));
			case "OWN_POST" -> Mono.error(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "own-post",
					"Coupons of your own post are for your friends"));
			case "NOT_FOUND" -> Mono.error(PostService.notFound(postId));
			default -> Mono.error(new IllegalStateException("Unknown claim outcome " + outcome));
		};
	}

	private Coupon coupon(String text) {
		return this.json.readValue(text, Coupon.class);
	}

}
