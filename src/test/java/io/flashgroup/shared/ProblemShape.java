package io.flashgroup.shared;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The house problem shape, checked on a raw body. */
public final class ProblemShape {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemShape() {
	}

	/**
	 * Asserts type, title, status and detail, and no trace of the server's insides.
	 * @param type the expected problem name, or null for any
	 */
	public static JsonNode assertProblem(String body, int status, String type) {
		assertThat(body).as("problem body").isNotBlank();
		JsonNode problem = JSON.readTree(body);
		assertThat(problem.path("type").asString()).startsWith(Problems.TYPE_BASE);
		if (type != null) {
			assertThat(problem.path("type").asString()).isEqualTo(Problems.TYPE_BASE + type);
		}
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank();
		if (problem.has("instance")) {
			assertThat(problem.path("instance").asString()).as("instance is the request path").startsWith("/");
		}
		assertThat(body).doesNotContain("Exception", "\tat ", "trace", "io.flashgroup", "org.springframework",
				"reactor.");
		return problem;
	}

}
