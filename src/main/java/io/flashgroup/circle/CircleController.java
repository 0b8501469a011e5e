package io.flashgroup.circle;

import java.util.List;

import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shopping circle's routes: share a paid order, read the feed and search it, claim a
 * friend's coupon.
 */
@RestController
class CircleController implements ApiRoutes {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 50;

	static final int MAX_QUERY = 100;

	private static final List<String> SHOPPER = List.of("SHOPPER");

	private static final List<String> READ = List.of("unauthorized", "forbidden", "validation", "unavailable");

	private final PostService posts;

	private final ClaimService claims;

	private final CircleFeed feed;

	CircleController(PostService posts, ClaimService claims, CircleFeed feed) {
		this.posts = posts;
		this.claims = claims;
		this.feed = feed;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		return List.of(ApiRoute.forRoles(HttpMethod.POST, 201, "/api/circle/posts", SHOPPER,
				"SHOPPER, the order's owner", null,
				List.of("unauthorized", "forbidden", "validation", "idempotency-key-required",
						"idempotency-key-invalid", "idempotency-key-reused", "order-not-found", "order-not-paid",
						"order-not-shareable", "no-share-coupon", "already-shared", "rate-limited", "unavailable")),
				ApiRoute.forRoles(HttpMethod.GET, 200, "/api/circle/posts/{id}", SHOPPER,
						"SHOPPER: the author, or within distance 2", null,
						List.of("unauthorized", "forbidden", "post-not-found", "unavailable")),
				ApiRoute.forRoles(HttpMethod.POST, 201, "/api/circle/posts/{id}/claims", SHOPPER,
						"SHOPPER within distance 2 of the author", "purchase",
						List.of("unauthorized", "forbidden", "idempotency-key-required", "idempotency-key-invalid",
								"idempotency-key-reused", "post-not-found", "post-withdrawn", "own-post",
								"already-claimed", "no-claims-left", "rate-limited", "unavailable")),
				ApiRoute.forRoles(HttpMethod.GET, 200, "/api/circle/feed", SHOPPER, "SHOPPER", null, READ),
				ApiRoute.forRoles(HttpMethod.GET, 200, "/api/circle/search", SHOPPER, "SHOPPER", null, READ),
				ApiRoute.forRoles(HttpMethod.GET, 200, "/api/me/posts", SHOPPER, "SHOPPER", null, READ));
	}

	@PostMapping("/api/circle/posts")
	Mono<ResponseEntity<PostView>> share(@Valid @RequestBody SharePost request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication author) {
		String idempotencyKey = IdempotencyKeys.require(key);
		return this.posts.share(author.getName(), DisplayNames.of(author), request, idempotencyKey)
			.flatMap((post) -> this.posts.fresh(post, null, null, author.getName()))
			.map((view) -> ResponseEntity.status(HttpStatus.CREATED).body(view));
	}

	@GetMapping("/api/circle/posts/{id}")
	Mono<PostView> post(@PathVariable String id, Authentication viewer) {
		return this.posts.view(postId(id), viewer.getName());
	}

	@PostMapping("/api/circle/posts/{id}/claims")
	Mono<ResponseEntity<CouponView>> claim(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Authentication shopper) {
		String idempotencyKey = IdempotencyKeys.require(key);
		return this.claims.claim(postId(id), shopper.getName(), idempotencyKey)
			.map((coupon) -> ResponseEntity.status(HttpStatus.CREATED).body(coupon));
	}

	@GetMapping("/api/circle/feed")
	Mono<PostView.Page> feed(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, Authentication viewer) {
		return this.feed.feed(viewer.getName(), FeedCursor.decode(cursor), limit(limit));
	}

	@GetMapping("/api/circle/search")
	Mono<PostView.Page> search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, Authentication viewer) {
		return this.feed.search(viewer.getName(), query(q), FeedCursor.decode(cursor), limit(limit));
	}

	@GetMapping("/api/me/posts")
	Mono<PostView.Page> mine(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, Authentication author) {
		return this.feed.own(author.getName(), FeedCursor.decode(cursor), limit(limit));
	}

	private static long postId(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new ProblemException(HttpStatus.NOT_FOUND, "post-not-found", "Post " + id + " does not exist");
		}
	}

	private static int limit(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

	/** The search text: 1 to 100 characters, not blank, no control characters. */
	private static String query(@Nullable String q) {
		String text = (q != null) ? q.strip() : "";
		if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_QUERY) {
			throw ProblemException.invalidField("q", "must be 1 to " + MAX_QUERY + " characters");
		}
		if (text.codePoints()
			.anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
			throw ProblemException.invalidField("q", "must not contain control characters");
		}
		return text;
	}

}
