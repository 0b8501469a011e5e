package io.flashgroup.circle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.friend.Reach;
import io.flashgroup.level.Levels;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderService;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.ProblemException;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Posts: sharing a paid order (one script on the order's circle slot), reading one post
 * as a viewer may see it, and withdrawing the posts of refunded orders.
 */
@Service
class PostService {

	private static final LuaScript POST = LuaScript.load("circle_post");

	private static final LuaScript WITHDRAW = LuaScript.load("circle_withdraw");

	private static final LuaScript FRESH = LuaScript.load("circle_fresh");

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final OrderService orders;

	private final CampaignShares shares;

	private final Reach reach;

	private final JsonMapper json;

	private final Levels levels;

	private final FeedChanges changes;

	PostService(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, OrderService orders,
			CampaignShares shares, Reach reach, JsonMapper json, Levels levels, FeedChanges changes) {
		this.changes = changes;
		this.levels = levels;
		this.redis = redis;
		this.scripts = scripts;
		this.orders = orders;
		this.shares = shares;
		this.reach = reach;
		this.json = json;
	}

	/** Shares the author's paid order: the post (also on a replay), or a problem. */
	Mono<Post> share(String authorId, String authorName, SharePost request, String idempotencyKey) {
		return this.orders.find(request.orderId(), authorId, false)
			.onErrorMap(ProblemException.class,
					(ex) -> "not-found".equals(ex.type()) ? new ProblemException(HttpStatus.NOT_FOUND,
							"order-not-found", "Order " + request.orderId() + " does not exist") : ex)
			.flatMap((order) -> {
				refuseUnshareable(order);
				return this.shares.find(order.campaignId())
					.flatMap((share) -> (share.coupon() == null)
							? Mono.error(new ProblemException(HttpStatus.CONFLICT, "no-share-coupon",
									"Campaign " + order.campaignId() + " gives its buyers no coupon to share"))
							: store(order, share, authorName, request, idempotencyKey));
			});
	}

	private static void refuseUnshareable(Order order) {
		switch (order.status()) {
			case PAID, SETTLED -> {
			}
			case RESERVED -> throw ProblemException.conflict("order-not-paid",
					"Order " + order.id() + " is not paid yet; share it once it is", Map.of());
			default -> throw ProblemException.conflict("order-not-shareable",
					"Order " + order.id() + " is " + order.status() + " and cannot be shared",
					Map.of("orderStatus", order.status().name()));
		}
	}

	private Mono<Post> store(Order order, CampaignShares.Share share, String authorName, SharePost request,
			String idempotencyKey) {
		CircleSlot slot = CircleSlot.ofOrder(order.id());
		ObjectNode post = this.json.createObjectNode();
		post.put("authorId", order.userId());
		post.put("authorName", authorName);
		post.put("orderId", order.id());
		post.put("campaignId", order.campaignId());
		post.put("sellerId", share.sellerId());
		post.put("sku", share.sku());
		post.put("title", share.title());
		post.put("note", (request.note() != null) ? request.note().strip() : "");
		post.put("rating", request.rating());
		post.set("coupon", share.coupon());
		post.put("currency", share.currency());
		post.put("claimsPerShare", share.coupon().path("claimsPerShare").asInt());
		String[] keys = { slot.posts(), slot.postsByOrder(), slot.claimsLeft(), slot.idempotency(), slot.outbox() };
		return this.redis.incr(CircleSlot.POST_SEQUENCE)
			.flatMap((seq) -> this.scripts.multi(POST, keys, Long.toString(slot.postId(seq)),
					this.json.writeValueAsString(post), order.userId(), idempotencyKey, CircleChannels.EVENTS))
			.map(this::created);
	}

	private Post created(List<Object> reply) {
		String outcome = String.valueOf(reply.get(0));
		Post post = this.json.readValue(String.valueOf(reply.get(1)), Post.class);
		return switch (outcome) {
			case "CREATED", "DUPLICATE" -> post;
			case "ALREADY_SHARED" -> throw ProblemException.conflict("already-shared",
					"Order " + post.orderId() + " is shared already", Map.of("postId", post.id()));
			case "KEY_REUSED" -> throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"This Idempotency-Key shared another order; use a new key", Map.of("postId", post.id()));
			default -> throw new IllegalStateException("Unknown post outcome " + outcome);
		};
	}

	/** The post as Redis holds it; empty when there is none. */
	Mono<Post> find(long postId) {
		CircleSlot slot = CircleSlot.ofPost(postId);
		return this.redis.hget(slot.posts(), Long.toString(postId))
			.map((text) -> this.json.readValue(text, Post.class));
	}

	/** The post as the viewer may see it (its author, or within distance 2), else 404. */
	Mono<PostView> view(long postId, String viewer) {
		return placed(postId, viewer).flatMap((placed) -> fresh(List.of(placed), viewer).map(List::getFirst))
			.switchIfEmpty(Mono.error(() -> notFound(postId)));
	}

	/**
	 * The post as the viewer reaches it (distance null for its author), the one rule of
	 * who may read, claim or chat about a post: its author, or a shopper within distance
	 * 2 ({@link Reach#path}, asked anew each time). Empty when the post does not exist or
	 * is not the viewer's to see.
	 */
	Mono<Placed> placed(long postId, String viewer) {
		return find(postId).flatMap((post) -> post.authorId().equals(viewer) ? Mono.just(new Placed(post, null, null))
				: this.reach.path(viewer, post.authorId())
					.flatMap((path) -> Mono.justOrEmpty(path.map((p) -> new Placed(post, p.distance(), p.viaName())))));
	}

	static ProblemException notFound(long postId) {
		return new ProblemException(HttpStatus.NOT_FOUND, "post-not-found", "Post " + postId + " does not exist");
	}

	/** The view with the claims-left counter and the viewer's claim read from Redis. */
	Mono<PostView> fresh(Post post, @Nullable Integer distance, @Nullable String via, String viewer) {
		return fresh(List.of(new Placed(post, distance, via)), viewer).map(List::getFirst);
	}

	/**
	 * The views of a page of posts, in order, with their counters and the viewer's claims
	 * read in one script call per circle slot, and the sharers' levels in one query.
	 */
	Mono<List<PostView>> fresh(List<Placed> page, String viewer) {
		List<String> authors = page.stream().map((placed) -> placed.post().authorId()).distinct().toList();
		return Mono.zip(counted(page, viewer), this.levels.levelsOf(authors)).map((both) -> {
			List<PostView> views = new ArrayList<>(both.getT1().size());
			for (int i = 0; i < page.size(); i++) {
				Integer level = both.getT2().get(page.get(i).post().authorId());
				views.add(both.getT1().get(i).withSharerLevel((level != null) ? level : 0));
			}
			return views;
		});
	}

	private Mono<List<PostView>> counted(List<Placed> page, String viewer) {
		Map<String, List<Integer>> bySlot = new LinkedHashMap<>();
		for (int i = 0; i < page.size(); i++) {
			bySlot.computeIfAbsent(CircleSlot.ofPost(page.get(i).post().id()).claimsLeft(), (slot) -> new ArrayList<>())
				.add(i);
		}
		PostView[] views = new PostView[page.size()];
		return Flux.fromIterable(bySlot.values()).flatMap((indexes) -> {
			CircleSlot slot = CircleSlot.ofPost(page.get(indexes.get(0)).post().id());
			String[] keys = new String[indexes.size() + 1];
			String[] args = new String[indexes.size() + 1];
			keys[0] = slot.claimsLeft();
			args[0] = viewer;
			for (int k = 0; k < indexes.size(); k++) {
				long id = page.get(indexes.get(k)).post().id();
				keys[k + 1] = slot.claimers(id);
				args[k + 1] = Long.toString(id);
			}
			return this.scripts.multi(FRESH, keys, args).doOnNext((answer) -> {
				for (int k = 0; k < indexes.size(); k++) {
					Placed placed = page.get(indexes.get(k));
					Object left = answer.get(2 * k);
					int claimsLeft = (left instanceof String text) ? Integer.parseInt(text)
							: placed.post().claimsLeft();
					views[indexes.get(k)] = PostView.of(placed.post(), placed.distance(), placed.via(), claimsLeft,
							Long.valueOf(1).equals(answer.get(2 * k + 1)));
				}
			});
		}).then(Mono.fromSupplier(() -> List.of(views)));
	}

	/**
	 * A post as a reader reaches it.
	 *
	 * @param post the post
	 * @param distance 1 or 2 from the reader, null for the reader's own
	 * @param via the mutual friend's name at distance 2
	 */
	record Placed(Post post, @Nullable Integer distance, @Nullable String via) {
	}

	/** The post's claims-left counter, or its record's when Redis holds none. */
	Mono<Integer> claimsLeft(CircleSlot slot, Post post) {
		return this.redis.hget(slot.claimsLeft(), Long.toString(post.id()))
			.map(Integer::parseInt)
			.defaultIfEmpty(post.claimsLeft());
	}

	/**
	 * Withdraws a post (its order was refunded): no claims left; claimed coupons stay
	 * valid.
	 * @return whether this call withdrew it
	 */
	Mono<Boolean> withdraw(long postId) {
		CircleSlot slot = CircleSlot.ofPost(postId);
		return this.scripts
			.value(WITHDRAW, new String[] { slot.posts(), slot.claimsLeft(), slot.outbox() }, Long.toString(postId),
					this.scripts.channel(CircleChannels.POST_PREFIX, slot.tag()), CircleChannels.EVENTS)
			.doOnNext((outcome) -> this.changes.post(postId))
			.map("WITHDRAWN"::equals);
	}

}
