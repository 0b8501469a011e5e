package io.flashgroup.ratelimit;

import java.net.InetAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flashgroup.ratelimit.RateLimitProperties.Bucket;
import io.flashgroup.ratelimit.RateLimitProperties.Limits;
import io.flashgroup.ratelimit.TokenBuckets.Verdict;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Limits writes per user and per client IP with token buckets in Redis, after
 * authentication (it runs after Spring Security's chain, so it knows the user; an
 * unauthenticated write never gets here) and before any controller, so a refused request
 * changes nothing; last of the filters, so that cheaper refusals (a malformed
 * Idempotency-Key) cost no Redis round trip and no token. A refusal is
 * {@code 429 rate-limited} with {@code Retry-After}.
 * <p>
 * Fail open: when Redis cannot answer the check (down, slow, an error), the request goes
 * on and {@code flashgroup.rate-limit.fail-open} counts it. Refusing every write because
 * the limiter is blind would turn a Redis hiccup into an outage of its own, and a write
 * needs Redis anyway: if Redis is really down, the write itself answers 503.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class RateLimitFilter implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private final RateLimitProperties properties;

	private final TokenBuckets buckets;

	private final ClientAddresses addresses;

	private final RateLimitMetrics metrics;

	private final ProblemWriter problems;

	private final Refusals refusals = new Refusals(() -> System.nanoTime() / 1_000_000);

	/** The features' routes that name a rate-limit class. */
	private final List<EndpointClass.Limited> limited;

	RateLimitFilter(RateLimitProperties properties, TokenBuckets buckets, MeterRegistry meters, ProblemWriter problems,
			ObjectProvider<ApiRoutes> features) {
		this.limited = EndpointClass
			.limited(features.orderedStream().flatMap((feature) -> feature.apiRoutes().stream()).toList());
		this.properties = properties;
		this.buckets = buckets;
		this.addresses = new ClientAddresses(properties.trustedProxies());
		this.metrics = new RateLimitMetrics(meters);
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Optional<EndpointClass> endpointClass = this.properties.enabled()
				? EndpointClass.of(exchange.getRequest(), this.limited) : Optional.empty();
		if (endpointClass.isEmpty()) {
			return chain.filter(exchange);
		}
		EndpointClass limited = endpointClass.get();
		Limits limits = this.properties.of(limited);
		return Mono.zip(byUser(exchange, limited, limits.user()), byIp(exchange, limited, limits.ip()))
			.flatMap((verdicts) -> answer(exchange, chain, limited, verdicts.getT1(), verdicts.getT2()));
	}

	private Mono<Verdict> byUser(ServerWebExchange exchange, EndpointClass endpointClass, Bucket bucket) {
		if (!bucket.on()) {
			return Mono.just(Verdict.NOT_LIMITED);
		}
		return exchange.getPrincipal()
			.map(Principal::getName)
			.flatMap((user) -> take("user:" + user, endpointClass, bucket))
			.defaultIfEmpty(Verdict.NOT_LIMITED);
	}

	private Mono<Verdict> byIp(ServerWebExchange exchange, EndpointClass endpointClass, Bucket bucket) {
		if (!bucket.on()) {
			return Mono.just(Verdict.NOT_LIMITED);
		}
		Optional<InetAddress> client = this.addresses.of(exchange.getRequest());
		if (client.isEmpty() || (this.properties.exemptLoopback() && client.get().isLoopbackAddress())) {
			return Mono.just(Verdict.NOT_LIMITED);
		}
		return take("ip:" + client.get().getHostAddress(), endpointClass, bucket);
	}

	/**
	 * One bucket's check, failing open (see the class comment); a bucket this node
	 * already knows is empty is refused without asking Redis.
	 */
	private Mono<Verdict> take(String subject, EndpointClass endpointClass, Bucket bucket) {
		String key = subject + "|" + endpointClass;
		Verdict known = this.refusals.current(key);
		if (known != null) {
			return Mono.just(known);
		}
		return this.buckets.take(subject, endpointClass, bucket)
			.doOnNext((verdict) -> this.refusals.remember(key, verdict))
			.onErrorResume((ex) -> {
				log.debug("Rate limit check failed, letting the request through: {}", ex.toString());
				this.metrics.failedOpen(endpointClass);
				return Mono.just(Verdict.NOT_LIMITED);
			});
	}

	private Mono<Void> answer(ServerWebExchange exchange, WebFilterChain chain, EndpointClass endpointClass,
			Verdict user, Verdict ip) {
		if (user.allowed() && ip.allowed()) {
			return chain.filter(exchange);
		}
		// Both refused: the client must wait for the later of the two.
		Verdict refusal = !user.allowed() && (ip.allowed() || user.retryAfterMillis() >= ip.retryAfterMillis()) ? user
				: ip;
		this.metrics.rejected(endpointClass, (refusal == user) ? "user" : "ip");
		long seconds = refusal.retryAfterSeconds();
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return this.problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"Too many requests; retry after " + seconds + " s", Map.of("retryAfter", seconds));
	}

}
