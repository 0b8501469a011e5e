package io.flashgroup.web;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The API document and Swagger UI are built by scanning classes and read from jar files,
 * which blocks: those few requests run on the bounded elastic scheduler, never on a Netty
 * event loop that serves purchases.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiDocumentationOffload implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui") || path.startsWith("/webjars/")) {
			return chain.filter(exchange).subscribeOn(Schedulers.boundedElastic());
		}
		return chain.filter(exchange);
	}

}
