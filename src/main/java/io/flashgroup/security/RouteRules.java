package io.flashgroup.security;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which route: the first rule whose method and path pattern match decides,
 * as Spring Security's {@code pathMatchers(...)} chain did, with the same pattern parser
 * as the handler mappings. Walked as a plain loop: the chain of {@code pathMatchers}
 * built a {@code Mono} and a filter per rule tried, and formatted a debug message per
 * pattern even with debug logging off (commons-logging's SLF4J bridge renders the message
 * before the level check), a few percent of the CPU of every request in the profile.
 * Requests no rule names are let through (the handlers and 404 answer them).
 */
final class RouteRules implements ReactiveAuthorizationManager<AuthorizationContext> {

	private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));

	private static final ReactiveAuthorizationManager<AuthorizationContext> ANYONE = (authentication,
			context) -> GRANTED;

	private final PathPatternParser parser;

	private final List<Rule> rules = new ArrayList<>();

	RouteRules(PathPatternParser parser) {
		this.parser = parser;
	}

	/** Anyone may call these paths with this method (any method when null). */
	RouteRules permit(@Nullable HttpMethod method, String... patterns) {
		return add(method, patterns, ANYONE);
	}

	/** Any holder of a valid token may call these. */
	RouteRules authenticated(@Nullable HttpMethod method, String... patterns) {
		return add(method, patterns, AuthenticatedReactiveAuthorizationManager.authenticated());
	}

	/** Only holders of one of these roles may call these. */
	RouteRules roles(@Nullable HttpMethod method, List<String> roles, String... patterns) {
		return add(method, patterns, AuthorityReactiveAuthorizationManager.hasAnyRole(roles.toArray(String[]::new)));
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		ServerHttpRequest request = context.getExchange().getRequest();
		HttpMethod method = request.getMethod();
		PathContainer path = request.getPath().pathWithinApplication();
		for (Rule rule : this.rules) {
			if (rule.matches(method, path)) {
				return rule.access().authorize(authentication, context);
			}
		}
		return GRANTED;
	}

	private RouteRules add(@Nullable HttpMethod method, String[] patterns,
			ReactiveAuthorizationManager<AuthorizationContext> access) {
		for (String pattern : patterns) {
			PathPattern parsed = this.parser.parse(this.parser.initFullPathPattern(pattern));
			this.rules.add(new Rule(method, parsed, access));
		}
		return this;
	}

	private record Rule(@Nullable HttpMethod method, PathPattern pattern,
			ReactiveAuthorizationManager<AuthorizationContext> access) {

		boolean matches(HttpMethod requestMethod, PathContainer path) {
			return (this.method == null || this.method.equals(requestMethod)) && this.pattern.matches(path);
		}

	}

}
