package io.flashgroup.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisException;
import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure into an RFC 9457 problem: validation and malformed input are 400s
 * with the offending fields, outages of Redis or PostgreSQL are 503s with
 * {@code Retry-After}, and anything unexpected is a 500 without internals. No stack trace
 * ever reaches a client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> problem(ProblemException ex) {
		return Problems.response(ex.status(), ex.type(), ex.getMessage(), ex.properties());
	}

	@ExceptionHandler({ RedisException.class, R2dbcException.class, DataAccessException.class, TimeoutException.class })
	ResponseEntity<Object> unavailable(Exception ex) {
		log.warn("Backing store unavailable: {}", ex.toString());
		ResponseEntity<Object> problem = Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The service is temporarily unavailable; retry with the same Idempotency-Key");
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem.getBody());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "An unexpected error occurred");
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Map<String, Object> errors = new LinkedHashMap<>();
		for (FieldError error : ex.getFieldErrors()) {
			errors.putIfAbsent(error.getField(), error.getDefaultMessage());
		}
		ex.getGlobalErrors().forEach((error) -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
		return Mono.just(Problems.response(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
				Map.of("errors", errors)));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		return Mono.just(Problems.response(HttpStatus.BAD_REQUEST, "malformed-request",
				"The request body or a parameter could not be read"));
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			String slug = HttpStatus.resolve(status.value()) != null
					? HttpStatus.valueOf(status.value()).name().toLowerCase().replace('_', '-') : "error";
			problem.setType(java.net.URI.create(Problems.TYPE_BASE + slug));
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

}
