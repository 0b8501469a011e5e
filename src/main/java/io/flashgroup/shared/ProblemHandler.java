package io.flashgroup.shared;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisException;
import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
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
		ResponseEntity<Object> problem = Problems.response(ex.status(), ex.type(), ex.getMessage(), ex.properties());
		if (ex.status() != HttpStatus.SERVICE_UNAVAILABLE) {
			return problem;
		}
		// Every 503 says when to come back (a lost campaign is rebuilt within seconds).
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, "2")
			.body(problem.getBody());
	}

	// An IOException that reaches a handler comes from a backing store's connection
	// (Lettuce
	// passes a reset on a Redis connection on as it is, unwrapped): seen when Redis was
	// killed
	// mid-rush (load-tests/faults.py redis-loss).
	@ExceptionHandler({ RedisException.class, R2dbcException.class, DataAccessException.class, TimeoutException.class,
			IOException.class })
	ResponseEntity<Object> unavailable(Exception ex) {
		log.warn("Backing store unavailable: {}", ex.toString());
		ResponseEntity<Object> problem = Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The service is temporarily unavailable; retry with the same Idempotency-Key");
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem.getBody());
	}

	private static boolean backingStore(Throwable ex) {
		return ex instanceof RedisException || ex instanceof R2dbcException || ex instanceof DataAccessException
				|| ex instanceof TimeoutException || ex instanceof IOException;
	}

	/**
	 * The client closed its connection before the answer was sent (a client timeout, a
	 * reload): nobody is left to read a problem, and writing one would fail again on the
	 * committed response. Passed on, WebFlux logs it as a client gone away (at debug),
	 * not as an unexpected failure with its stack trace, once per abandoned request.
	 */
	@ExceptionHandler(AbortedException.class)
	Mono<ResponseEntity<Object>> clientGone(AbortedException ex) {
		return Mono.error(ex);
	}

	/** A body larger than the codecs' {@code max-in-memory-size}. */
	@ExceptionHandler(DataBufferLimitException.class)
	ResponseEntity<Object> tooLarge(DataBufferLimitException ex) {
		return Problems.response(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "The request body is too large");
	}

	/**
	 * A header value the security firewall refuses (control characters), found only when
	 * something reads it, by then inside a controller: the same answer as the firewall's.
	 */
	@ExceptionHandler(ServerExchangeRejectedException.class)
	ResponseEntity<Object> rejected(ServerExchangeRejectedException ex) {
		return Problems.response(HttpStatus.BAD_REQUEST, "malformed-request",
				"The request was refused: its path, method or headers are not allowed");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		// Two Redis calls of one request that time out together (a Mono.zip) arrive as
		// one
		// composite: that is the backing store being unavailable, not a fault of ours.
		if (Exceptions.isMultiple(ex)
				&& Exceptions.unwrapMultiple(ex).stream().allMatch(ProblemHandler::backingStore)) {
			return unavailable(ex);
		}
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

	/**
	 * A body Jackson could not bind: a value of the wrong type in a named field (a
	 * fraction for an integer, text for an instant) is a {@code validation} problem on
	 * that field's dotted path; anything else unreadable is {@code malformed-request}.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (ex.getCause() instanceof DataBufferLimitException tooLarge) {
			return Mono.just(tooLarge(tooLarge));
		}
		return Mono.just(JsonInputProblems.of(ex)
			.map((field) -> Problems.response(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
					Map.of("errors", Map.of(field.field(), field.message()))))
			.orElseGet(() -> Problems.response(HttpStatus.BAD_REQUEST, "malformed-request",
					"The request body or a parameter could not be read")));
	}

	/**
	 * The framework's own refusals (404 unknown route, 405, 406, 415, ...) in the house
	 * shape, always as {@code application/problem+json}: a client that accepts only
	 * {@code text/plain} still learns why it got a 406.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				String type = Problems.typeFor(status);
				problem.setType(URI.create(Problems.TYPE_BASE + type));
				problem.setTitle(Problems.title(type));
			}
			if (problem.getDetail() == null || problem.getDetail().isBlank()) {
				problem.setDetail(problem.getTitle());
			}
			HttpHeaders problemHeaders = new HttpHeaders();
			problemHeaders.putAll(headers);
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			return super.createResponseEntity(problem, problemHeaders, status, exchange);
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

}
