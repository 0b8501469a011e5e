package io.flashgroup.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.flashgroup.shared.ApiRoute;

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
	 * Taking stock or paying: flash-sale purchases, group seats, bargain purchases (the
	 * kinds' routes say so, {@link ApiRoute#limit()}), payments.
	 */
	PURCHASE("POST /api/orders/*/payment"),

	/** Bargain session starts and cuts, what a bot farm would create by the thousand. */
	SESSION(),

	/** Campaign creation by sellers. */
	CREATE(),

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

	/**
	 * The class of a request, or empty when it is not limited.
	 * @param request the request
	 * @param features the routes the features declare with a class ({@link #limited})
	 * @return the class
	 */
	static Optional<EndpointClass> of(ServerHttpRequest request, List<Limited> features) {
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
			return Optional.empty();
		}
		PathContainer path = request.getPath().pathWithinApplication();
		if (!API.matches(path) || UNLIMITED.stream().anyMatch((pattern) -> pattern.matches(path))) {
			return Optional.empty();
		}
		for (Limited route : features) {
			if (route.route().matches(method, path)) {
				return Optional.of(route.endpointClass());
			}
		}
		for (EndpointClass endpointClass : values()) {
			if (endpointClass.routes.stream().anyMatch((route) -> route.matches(method, path))) {
				return Optional.of(endpointClass);
			}
		}
		return Optional.of(DEFAULT);
	}

	/** The features' routes that name a class, their patterns parsed once. */
	static List<Limited> limited(List<ApiRoute> features) {
		return features.stream()
			.filter((route) -> route.limit() != null)
			.map((route) -> new Limited(
					new Route(route.method(), PathPatternParser.defaultInstance.parse(route.path())),
					valueOf(route.limit().toUpperCase(Locale.ROOT))))
			.toList();
	}

	/**
	 * A feature's route and its class.
	 *
	 * @param route method and pattern
	 * @param endpointClass its class
	 */
	record Limited(Route route, EndpointClass endpointClass) {
	}

	record Route(HttpMethod method, PathPattern pattern) {

		static Route of(String route) {
			String[] parts = route.split(" ", 2);
			return new Route(HttpMethod.valueOf(parts[0]), PathPatternParser.defaultInstance.parse(parts[1]));
		}

		boolean matches(HttpMethod method, PathContainer path) {
			return this.method.equals(method) && this.pattern.matches(path);
		}

	}

}
