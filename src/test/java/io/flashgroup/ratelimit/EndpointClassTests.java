package io.flashgroup.ratelimit;

import java.util.List;
import java.util.Optional;

import io.flashgroup.shared.ApiRoute;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointClassTests {

	@Test
	void putsEveryWriteThatTakesStockOrMoneyInThePurchaseClass() {
		for (String path : new String[] { "/api/flash-sales/7/purchases", "/api/group-buys/7/groups",
				"/api/group-buys/7/join", "/api/groups/0192/members", "/api/bargain-sessions/0192/purchase",
				"/api/orders/0192/payment" }) {
			assertThat(classOf(HttpMethod.POST, path)).as(path).contains(EndpointClass.PURCHASE);
		}
	}

	@Test
	void namesSessionsCreationAndEveryOtherWrite() {
		assertThat(classOf(HttpMethod.POST, "/api/bargains/7/sessions")).contains(EndpointClass.SESSION);
		assertThat(classOf(HttpMethod.POST, "/api/bargain-sessions/0192/cuts")).contains(EndpointClass.SESSION);
		assertThat(classOf(HttpMethod.POST, "/api/group-buys")).contains(EndpointClass.CREATE);
		assertThat(classOf(HttpMethod.POST, "/api/flash-sales/7/cancel")).contains(EndpointClass.DEFAULT);
		assertThat(classOf(HttpMethod.DELETE, "/api/groups/0192/members/me")).contains(EndpointClass.DEFAULT);
		assertThat(EndpointClass.DEFAULT.tag()).isEqualTo("default");
	}

	@Test
	void neverLimitsReadsLiveStreamsOrTheDevAndBenchEndpoints() {
		assertThat(classOf(HttpMethod.GET, "/api/flash-sales/7")).isEmpty();
		assertThat(classOf(HttpMethod.HEAD, "/api/flash-sales/7")).isEmpty();
		assertThat(classOf(HttpMethod.GET, "/api/live/flash-sale:7")).isEmpty();
		assertThat(classOf(HttpMethod.GET, "/ws")).isEmpty();
		assertThat(classOf(HttpMethod.POST, "/api/dev/tokens")).isEmpty();
		assertThat(classOf(HttpMethod.POST, "/api/bench/pg-sales/7/purchases")).isEmpty();
		assertThat(classOf(HttpMethod.POST, "/actuator/health")).isEmpty();
	}

	/** Routes as the kinds' controllers declare them (e.g. {@code CampaignEndpoints}). */
	private static final List<ApiRoute> FEATURES = List.of(route(HttpMethod.POST, "/api/flash-sales", "create"),
			route(HttpMethod.POST, "/api/flash-sales/{id}/purchases", "purchase"),
			route(HttpMethod.POST, "/api/flash-sales/{id}/cancel", null),
			route(HttpMethod.POST, "/api/group-buys", "create"),
			route(HttpMethod.POST, "/api/group-buys/{id}/groups", "purchase"),
			route(HttpMethod.POST, "/api/group-buys/{id}/join", "purchase"),
			route(HttpMethod.POST, "/api/groups/{groupId}/members", "purchase"),
			route(HttpMethod.DELETE, "/api/groups/{groupId}/members/me", null),
			route(HttpMethod.POST, "/api/bargains/{id}/sessions", "session"),
			route(HttpMethod.POST, "/api/bargain-sessions/{sessionId}/cuts", "session"),
			route(HttpMethod.POST, "/api/bargain-sessions/{sessionId}/purchase", "purchase"));

	private static ApiRoute route(HttpMethod method, String path, @Nullable String limit) {
		return ApiRoute.forRoles(method, 200, path, List.of("SHOPPER"), "SHOPPER", limit, List.of());
	}

	private static Optional<EndpointClass> classOf(HttpMethod method, String path) {
		return EndpointClass.of(MockServerHttpRequest.method(method, path).build(), EndpointClass.limited(FEATURES));
	}

}
