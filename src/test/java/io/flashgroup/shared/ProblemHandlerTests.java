package io.flashgroup.shared;

import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures that reach the last handler: several Redis timeouts of one request (two calls
 * zipped) are the backing store being unavailable, a 503 with Retry-After, not a 500; a
 * client that closed its connection before the answer gets none (nothing is written to
 * the committed response, and WebFlux logs it as a client gone away).
 */
class ProblemHandlerTests {

	private final ProblemHandler handler = new ProblemHandler();

	@Test
	void answersUnavailableWhenTwoZippedRedisCallsTimeOutTogether() {
		Throwable composite = Exceptions.multiple(new RedisCommandTimeoutException("HGET timed out"),
				new RedisCommandTimeoutException("HEXISTS timed out"));
		ResponseEntity<Object> answer = this.handler.unexpected((Exception) composite);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

	@Test
	void keepsAnswering500WhenAnyOfSeveralFailuresIsOurs() {
		Throwable composite = Exceptions.multiple(new RedisCommandTimeoutException("HGET timed out"),
				new IllegalStateException("a bug"));
		assertThat(this.handler.unexpected((Exception) composite).getStatusCode())
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Test
	void answersNothingToAClientThatWentAway() {
		AbortedException gone = AbortedException.beforeSend();
		StepVerifier.create(this.handler.clientGone(gone)).expectErrorMatches((ex) -> ex == gone).verify();
	}

}
