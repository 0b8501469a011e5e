package io.flashgroup.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call each route and which problems it answers: the part of the API contract the
 * controllers' signatures cannot tell springdoc. One table, so the OpenAPI document, the
 * README's API table and the code can be compared in one place (the
 * {@code ApiDocumentIntegrationTests} fail when a route is missing from it).
 */
final class ApiContract {

	/** Problem type to HTTP status, as the README lists them. */
	static final Map<String, Integer> STATUS = Map.ofEntries(Map.entry("validation", 400),
			Map.entry("malformed-request", 400), Map.entry("idempotency-key-required", 400),
			Map.entry("unauthorized", 401), Map.entry("forbidden", 403), Map.entry("not-found", 404),
			Map.entry("sold-out", 409), Map.entry("limit-reached", 409), Map.entry("not-started", 409),
			Map.entry("ended", 409), Map.entry("cancelled", 409), Map.entry("order-expired", 409),
			Map.entry("order-not-payable", 409), Map.entry("group-full", 409), Map.entry("group-closed", 409),
			Map.entry("already-member", 409), Map.entry("already-paid", 409), Map.entry("session-exists", 409),
			Map.entry("self-help", 409), Map.entry("already-helped", 409), Map.entry("help-limit-reached", 409),
			Map.entry("session-closed", 409), Map.entry("idempotency-key-reused", 422), Map.entry("unavailable", 503),
			Map.entry("idempotency-key-invalid", 400), Map.entry("rate-limited", 429));

	private static final List<String> CREATE = List.of("validation", "malformed-request", "unauthorized", "forbidden",
			"rate-limited", "unavailable");

	private static final List<String> CANCEL = List.of("unauthorized", "forbidden", "not-found", "rate-limited",
			"unavailable");

	private static final List<String> READ = List.of("not-found", "unavailable");

	private static final List<String> SEAT = List.of("idempotency-key-required", "unauthorized", "forbidden",
			"not-found", "sold-out", "limit-reached", "not-started", "ended", "cancelled", "group-full", "group-closed",
			"already-member", "idempotency-key-reused", "rate-limited", "unavailable", "idempotency-key-invalid");

	static final List<Route> ROUTES = List.of(
			new Route("POST", 200, "/api/dev/tokens", "anyone, dev/test run only",
					List.of("validation", "malformed-request")),
			new Route("POST", 201, "/api/flash-sales", "SELLER", CREATE),
			new Route("GET", 200, "/api/flash-sales", "anyone", List.of("validation", "unavailable")),
			new Route("GET", 200, "/api/flash-sales/{id}", "anyone", READ),
			new Route("POST", 200, "/api/flash-sales/{id}/cancel", "the owning SELLER, or OPS", CANCEL),
			new Route("POST", 201, "/api/flash-sales/{id}/purchases", "SHOPPER",
					List.of("validation", "malformed-request", "idempotency-key-required", "unauthorized", "forbidden",
							"not-found", "sold-out", "limit-reached", "not-started", "ended", "cancelled",
							"idempotency-key-reused", "rate-limited", "unavailable", "idempotency-key-invalid")),
			new Route("POST", 201, "/api/group-buys", "SELLER", CREATE),
			new Route("GET", 200, "/api/group-buys/{id}", "anyone", READ),
			new Route("GET", 200, "/api/group-buys/{id}/groups", "anyone",
					List.of("validation", "not-found", "unavailable")),
			new Route("GET", 200, "/api/groups/{groupId}", "anyone", READ),
			new Route("POST", 201, "/api/group-buys/{id}/groups", "SHOPPER", SEAT),
			new Route("POST", 201, "/api/groups/{groupId}/members", "SHOPPER", SEAT),
			new Route("POST", 201, "/api/group-buys/{id}/join", "SHOPPER", SEAT),
			new Route("DELETE", 200, "/api/groups/{groupId}/members/me", "SHOPPER",
					List.of("unauthorized", "forbidden", "not-found", "already-paid", "group-closed", "rate-limited",
							"unavailable")),
			new Route("POST", 200, "/api/group-buys/{id}/cancel", "the owning SELLER, or OPS", CANCEL),
			new Route("POST", 201, "/api/bargains", "SELLER", CREATE),
			new Route("GET", 200, "/api/bargains/{id}", "anyone", READ),
			new Route("POST", 201, "/api/bargains/{id}/sessions", "SHOPPER",
					List.of("unauthorized", "forbidden", "not-found", "session-exists", "limit-reached", "not-started",
							"ended", "cancelled", "sold-out", "rate-limited", "unavailable")),
			new Route("GET", 200, "/api/bargain-sessions/{sessionId}", "anyone", READ),
			new Route("POST", 201, "/api/bargain-sessions/{sessionId}/cuts", "SHOPPER, not the owner",
					List.of("unauthorized", "forbidden", "not-found", "sold-out", "self-help", "already-helped",
							"help-limit-reached", "session-closed", "rate-limited", "unavailable")),
			new Route("POST", 201, "/api/bargain-sessions/{sessionId}/purchase", "the session's owner",
					List.of("unauthorized", "forbidden", "not-found", "sold-out", "limit-reached", "session-closed",
							"not-started", "ended", "cancelled", "rate-limited", "unavailable")),
			new Route("POST", 200, "/api/bargains/{id}/cancel", "the owning SELLER, or OPS", CANCEL),
			new Route("POST", 200, "/api/orders/{id}/payment", "the order's owner",
					List.of("unauthorized", "forbidden", "not-found", "order-expired", "order-not-payable",
							"rate-limited", "unavailable")),
			new Route("GET", 200, "/api/orders/{id}", "the order's owner, or OPS",
					List.of("unauthorized", "not-found", "unavailable")),
			new Route("GET", 200, "/api/me/orders", "any signed-in user", List.of("unauthorized", "unavailable")),
			new Route("GET", 200, "/api/campaigns", "anyone", List.of("unavailable")),
			new Route("GET", 200, "/api/live/{topic}", "anyone (OPS for ops:*)",
					List.of("unauthorized", "forbidden", "not-found")),
			new Route("GET", 200, "/ws", "anyone", List.of()),
			new Route("GET", 200, "/api/ops/campaigns/{id}/audit", "OPS",
					List.of("unauthorized", "forbidden", "not-found", "unavailable")),
			new Route("POST", 200, "/api/ops/campaigns/{id}/dead-letters/replay", "OPS",
					List.of("unauthorized", "forbidden", "not-found", "rate-limited", "unavailable")));

	private ApiContract() {
	}

	static Optional<Route> route(String method, String path) {
		return ROUTES.stream().filter((r) -> r.method().equals(method) && r.path().equals(path)).findFirst();
	}

	/**
	 * One route of the API.
	 *
	 * @param method HTTP method
	 * @param success the status of a successful answer (201 where something is created)
	 * @param path path template, as the controllers map it
	 * @param who who may call it
	 * @param problems the problem types it may answer
	 */
	record Route(String method, int success, String path, String who, List<String> problems) {

		boolean needsToken() {
			return !this.who.startsWith("anyone");
		}

	}

}
