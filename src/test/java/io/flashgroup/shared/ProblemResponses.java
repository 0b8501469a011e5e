package io.flashgroup.shared;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A slice's answer checked as a house problem: status, media type and shape. */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	/**
	 * Asserts the answer is an {@code application/problem+json} problem of {@code status}
	 * and {@code type} with no trace of the server's insides.
	 * @return the problem, for its properties
	 */
	public static JsonNode assertProblem(WebTestClient.ResponseSpec response, int status, String type) {
		byte[] body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(body).as("problem body").isNotNull();
		return ProblemShape.assertProblem(new String(body, StandardCharsets.UTF_8), status, type);
	}

}
