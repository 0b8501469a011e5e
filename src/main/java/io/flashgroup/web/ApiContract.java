package io.flashgroup.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;

import org.springframework.http.HttpMethod;

/**
 * Who may call each route and which problems it answers: the part of the API contract the
 * controllers' signatures cannot tell springdoc. One table, so the OpenAPI document, the
 * README's API table and the code can be compared in one place (the
 * {@code ApiDocumentIntegrationTests} fail when a route is missing from it). The kinds'
 * routes are declared by their controllers ({@link ApiRoutes}); this table holds the
 * others.
 */
final class ApiContract {

	/** Problem type to HTTP status, as the README lists them. */
	static final Map<String, Integer> STATUS = Map.ofEntries(Map.entry("validation", 400),
			Map.entry("malformed-request", 400), Map.entry("idempotency-key-required", 400),
			Map.entry("unauthorized", 401), Map.entry("forbidden", 403), Map.entry("not-found", 404),
			Map.entry("sold-out", 409), Map.entry("limit-reached", 409), Map.entry("not-started", 409),
			Map.entry("ended", 409), Map.entry("cancelled", 409), Map.entry("order-expired", 409),
			Map.entry("order-not-payable", 409), Map.entry("payment-declined", 402), Map.entry("group-full", 409),
			Map.entry("group-closed", 409), Map.entry("already-member", 409), Map.entry("already-paid", 409),
			Map.entry("session-exists", 409), Map.entry("self-help", 409), Map.entry("already-helped", 409),
			Map.entry("help-limit-reached", 409), Map.entry("session-closed", 409),
			Map.entry("idempotency-key-reused", 422), Map.entry("unavailable", 503),
			Map.entry("idempotency-key-invalid", 400), Map.entry("rate-limited", 429),
			// friends (package friend)
			Map.entry("self-invite", 422), Map.entry("self-block", 422), Map.entry("own-invite-code", 422),
			Map.entry("already-friends", 409), Map.entry("invitation-pending", 409), Map.entry("blocked", 409),
			Map.entry("friend-limit-reached", 409), Map.entry("invitation-closed", 409),
			Map.entry("invite-code-expired", 409), Map.entry("invite-code-exhausted", 409),
			Map.entry("already-redeemed", 409), Map.entry("daily-limit-reached", 429),
			// coupons (package coupon)
			Map.entry("coupon-not-found", 404), Map.entry("coupon-used", 409), Map.entry("coupon-expired", 409),
			Map.entry("coupon-locked", 409), Map.entry("coupon-not-applicable", 422),
			Map.entry("coupon-min-spend", 422),
			// The circle's posts and claims.
			Map.entry("order-not-found", 404), Map.entry("order-not-paid", 409), Map.entry("order-not-shareable", 409),
			Map.entry("no-share-coupon", 409), Map.entry("already-shared", 409), Map.entry("post-not-found", 404),
			Map.entry("post-withdrawn", 409), Map.entry("own-post", 422), Map.entry("already-claimed", 409),
			Map.entry("no-claims-left", 409),
			// giveaways (package giveaway)
			Map.entry("giveaway-closed", 409), Map.entry("level-too-low", 409), Map.entry("not-a-winner", 409),
			Map.entry("prize-lapsed", 409));

	static final List<ApiRoute> ROUTES = List.of(
			route("POST", 200, "/api/dev/tokens", "anyone, dev/test run only",
					List.of("validation", "malformed-request")),
			route("POST", 200, "/api/orders/{id}/payment", "the order's owner",
					List.of("validation", "unauthorized", "forbidden", "not-found", "order-expired",
							"order-not-payable", "payment-declined", "coupon-not-found", "coupon-used",
							"coupon-expired", "coupon-locked", "coupon-not-applicable", "coupon-min-spend",
							"rate-limited", "unavailable")),
			route("GET", 200, "/api/orders/{id}", "the order's owner, or OPS",
					List.of("unauthorized", "not-found", "unavailable")),
			route("GET", 200, "/api/me/orders", "any signed-in user", List.of("unauthorized", "unavailable")),
			route("GET", 200, "/api/me/coupons", "any signed-in user (applicableTo: the order's owner)",
					List.of("unauthorized", "not-found", "unavailable")),
			route("GET", 200, "/api/campaigns", "anyone", List.of("unavailable")), route("GET", 200,
					"/api/live/{topic}", "anyone (OPS for ops:*)", List.of("unauthorized", "forbidden", "not-found")),
			route("GET", 200, "/ws", "anyone", List.of()),
			route("GET", 200, "/api/ops/campaigns/{id}/audit", "OPS",
					List.of("unauthorized", "forbidden", "not-found", "unavailable")),
			route("POST", 200, "/api/ops/campaigns/{id}/dead-letters/replay", "OPS",
					List.of("unauthorized", "forbidden", "not-found", "rate-limited", "unavailable")));

	private ApiContract() {
	}

	/**
	 * The route of a method and path: the features' ({@link ApiRoutes}) or one of the
	 * others.
	 */
	static Optional<ApiRoute> route(List<ApiRoutes> features, String method, String path) {
		return Stream.concat(features.stream().flatMap((feature) -> feature.apiRoutes().stream()), ROUTES.stream())
			.filter((r) -> r.method().name().equals(method) && r.path().equals(path))
			.findFirst();
	}

	/** A route whose access rule the security chain states itself (not by role lists). */
	private static ApiRoute route(String method, int success, String path, String who, List<String> problems) {
		return new ApiRoute(HttpMethod.valueOf(method), success, path, List.of(), who, null, problems);
	}

}
