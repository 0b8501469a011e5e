package io.flashgroup.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Errors no controller advice saw (thrown by a web filter, or before a handler was
 * chosen) as problems in the house shape, in place of Boot's default JSON error
 * ({@code timestamp}, {@code path}, {@code error}).
 */
@Component
@Order(-2)
class LastResortProblems implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(LastResortProblems.class);

	private final ProblemWriter writer;

	LastResortProblems(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatusCode status = HttpStatus.INTERNAL_SERVER_ERROR;
		String detail = "An unexpected error occurred";
		if (ex instanceof ResponseStatusException refused) {
			status = refused.getStatusCode();
			detail = (refused.getReason() != null) ? refused.getReason() : Problems.title(Problems.typeFor(status));
			exchange.getResponse().getHeaders().putAll(refused.getHeaders());
		}
		else {
			log.error("Unexpected failure outside a controller", ex);
		}
		return this.writer.write(exchange, status, Problems.typeFor(status), detail);
	}

}
