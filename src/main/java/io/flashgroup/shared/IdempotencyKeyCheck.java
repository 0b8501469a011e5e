package io.flashgroup.shared;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request whose {@code Idempotency-Key} header breaks the rule with a 400
 * {@code idempotency-key-invalid}, after authentication and before any controller. A
 * controller cannot: Netty reads header bytes as ISO-8859-1, so UTF-8 text carries bytes
 * 0x80-0x9F that become C1 control characters, and Spring Security's firewall throws the
 * moment such a value is read, which used to end as a 500. An empty or absent key passes
 * through: the routes that need one answer {@code idempotency-key-required}. It runs
 * before the rate limits (ordered last): a request refused here costs no Redis round trip
 * and no token.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class IdempotencyKeyCheck implements WebFilter {

	private final ProblemWriter problems;

	IdempotencyKeyCheck(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (acceptable(exchange)) {
			return chain.filter(exchange);
		}
		ProblemException invalid = IdempotencyKeys.invalid();
		return this.problems.write(exchange, invalid.status(), invalid.type(), invalid.getMessage());
	}

	private static boolean acceptable(ServerWebExchange exchange) {
		try {
			List<String> values = exchange.getRequest().getHeaders().get(IdempotencyKeys.HEADER);
			return IdempotencyKeys.acceptable(values);
		}
		catch (ServerExchangeRejectedException ex) {
			return false;
		}
	}

}
