package io.flashgroup.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The endpoint classes rate limits are configured by. Only writes are limited: reads, the
 * live streams and the WebSocket never are, nor the dev and bench endpoints that exist
 * only in test runs.
 */
enum EndpointClass {

	/**
	 * Taking stock or paying: flash-sale purchases, group seats, bargain purchases,
	 * payments.
	 */
	PURCHASE("POST /api/flash-sales/*/purchases", "POST /api/group-buys/*/groups", "POST /api/group-buys/*/join",
			"POST /api/groups/*/members", "POST /api/bargain-sessions/*/purchase", "POST /api/orders/*/payment"),

	/** Bargain session starts and cuts, what a bot farm would create by the thousand. */
	SESSION("POST /api/bargains/*/sessions", "POST /api/bargain-sessions/*/cuts"),

	/** Campaign creation by sellers. */
	CREATE("POST /api/flash-sales", "POST /api/group-buys", "POST /api/bargains"),

	/**
	 * Every other write under {@code /api}: kill switches, leaving a group, ops replays.
	 */
	DEFAULT();

	private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

	private static final List<PathPattern> UNLIMITED = List.of(PathPatternParser.defaultInstance.parse("/api/dev/**"),
			PathPatternParser.defaultInstance.parse("/api/bench/**"));

	private final List<Route> routes;

	EndpointClass(String... routes) {
		this.routes = List.of(routes).stream().map(Route::of).toList();
	}

	/** The metric tag and configuration name: {@code purchase}, {@code default}. */
	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The class of a request, or empty when it is not limited. */
	static Optional<EndpointClass> of(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
			return Optional.empty();
		}
		PathContainer path = request.getPath().pathWithinApplication();
		if (!API.matches(path) || UNLIMITED.stream().anyMatch((pattern) -> pattern.matches(path))) {
			return Optional.empty();
		}
		for (EndpointClass endpointClass : values()) {
			if (endpointClass.routes.stream().anyMatch((route) -> route.matches(method, path))) {
				return Optional.of(endpointClass);
			}
		}
		return Optional.of(DEFAULT);
	}

	private record Route(HttpMethod method, PathPattern pattern) {

		static Route of(String route) {
			String[] parts = route.split(" ", 2);
			return new Route(HttpMethod.valueOf(parts[0]), PathPatternParser.defaultInstance.parse(parts[1]));
		}

		boolean matches(HttpMethod method, PathContainer path) {
			return this.method.equals(method) && this.pattern.matches(path);
		}

	}

}
