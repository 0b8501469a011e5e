package io.flashgroup.shared;

import java.util.Map;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests at the edges of the API: campaign bodies to spoil field by field, and the
 * house problem shape every refusal must have.
 */
abstract class EdgeTestSupport extends IntegrationTestSupport {

	/** A valid flash sale, live for an hour: change one field to spoil it. */
	static Map<String, Object> flashSaleBody() {
		return CampaignBodies.flashSale(10, 5);
	}

	/** A valid group buy, live for an hour. */
	static Map<String, Object> groupBuyBody() {
		return CampaignBodies.groupBuy(3, 10);
	}

	/** A valid bargain, live for an hour. */
	static Map<String, Object> bargainBody() {
		return CampaignBodies.bargain(1000, 500, 5, 10);
	}

	/** A POST with a fresh Idempotency-Key; the variables are encoded into the path. */
	WebTestClient.ResponseSpec post(String path, String token, Object body, Object... pathVariables) {
		return client().post()
			.uri(path, pathVariables)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "edge-" + System.nanoTime())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	long created(String path, Object body) {
		return json(post(path, token("edge-seller", "SELLER"), body), 201).path("id").asLong();
	}

	/** The problem's errors, after checking the answer is a 400 validation problem. */
	static JsonNode fieldErrors(WebTestClient.ResponseSpec response) {
		JsonNode problem = problem(response, 400, "validation");
		return problem.path("errors");
	}

	/**
	 * Asserts the house problem shape: the status, {@code application/problem+json},
	 * type, title, status and detail, and nothing of the server's insides.
	 */
	static JsonNode problem(WebTestClient.ResponseSpec response, int status, String type) {
		String body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return ProblemShape.assertProblem(body, status, type);
	}

	static String type(JsonNode problem) {
		String type = problem.path("type").asString();
		assertThat(type).startsWith(Problems.TYPE_BASE);
		return type.substring(Problems.TYPE_BASE.length());
	}

}
