package io.flashgroup.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route rules decide as Spring Security's ordered {@code pathMatchers} did: the first
 * rule matching method and path, any method when a rule names none, and anything no rule
 * names let through.
 */
class RouteRulesTests {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("key", "anonymous",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final RouteRules rules = new RouteRules(PathPatternParser.defaultInstance)
		.permit(HttpMethod.GET, "/api/things/{id}")
		.roles(HttpMethod.POST, List.of("SELLER"), "/api/things")
		.roles(HttpMethod.GET, List.of("OPS"), "/api/live/ops:*")
		.permit(HttpMethod.GET, "/api/live/**")
		.authenticated(null, "/api/**");

	@Test
	void letsAnyoneReadAnOpenRoute() {
		assertThat(granted(HttpMethod.GET, "/api/things/7", ANONYMOUS)).isTrue();
	}

	@Test
	void asksTheRolesOfTheFirstMatchingRule() {
		assertThat(granted(HttpMethod.POST, "/api/things", user("SHOPPER"))).isFalse();
		assertThat(granted(HttpMethod.POST, "/api/things", user("SELLER"))).isTrue();
		assertThat(granted(HttpMethod.GET, "/api/live/ops:stock", user("SHOPPER"))).isFalse();
		assertThat(granted(HttpMethod.GET, "/api/live/ops:stock", user("OPS"))).isTrue();
		assertThat(granted(HttpMethod.GET, "/api/live/flash-sale:1", ANONYMOUS)).isTrue();
	}

	@Test
	void fallsThroughToTheNextRuleOnAnotherMethod() {
		assertThat(granted(HttpMethod.DELETE, "/api/things/7", ANONYMOUS)).isFalse();
		assertThat(granted(HttpMethod.DELETE, "/api/things/7", user("SHOPPER"))).isTrue();
	}

	@Test
	void letsThroughWhatNoRuleNames() {
		assertThat(granted(HttpMethod.GET, "/index.html", ANONYMOUS)).isTrue();
	}

	private boolean granted(HttpMethod method, String path, Authentication authentication) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, path));
		AuthorizationResult result = this.rules.authorize(Mono.just(authentication), new AuthorizationContext(exchange))
			.block();
		return result != null && result.isGranted();
	}

	private static Authentication user(String role) {
		TestingAuthenticationToken token = new TestingAuthenticationToken("u1", "n/a", "ROLE_" + role);
		token.setAuthenticated(true);
		return token;
	}

}
