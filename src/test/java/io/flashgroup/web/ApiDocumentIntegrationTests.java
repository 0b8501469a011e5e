package io.flashgroup.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is the contract: it names every route the README promises, only
 * routes the server serves, and for each one who may call it and its problems.
 */
class ApiDocumentIntegrationTests extends IntegrationTestSupport {

	/** A route cell of the README's API table: `METHOD /path` (a query is dropped). */
	private static final Pattern README_ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`?\\s]*)");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	@Test
	void documentsEveryRouteTheReadmePromises() throws IOException {
		assertThat(documentedRoutes()).containsAll(readmeRoutes());
	}

	@Test
	void documentsOnlyRoutesTheServerServes() {
		Set<String> served = new TreeSet<>();
		this.handlerMapping.getHandlerMethods()
			.keySet()
			.forEach((info) -> info.getPatternsCondition()
				.getPatterns()
				.forEach((pattern) -> info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> served.add(method.name() + " " + normalize(pattern.getPatternString())))));
		served.add("GET /ws");
		assertThat(served).containsAll(documentedRoutes());
		assertThat(documentedRoutes()).containsAll(served.stream()
			.filter((route) -> !route.contains("/v3/api-docs") && !route.contains("/swagger-ui"))
			.toList());
	}

	@Test
	void tellsForEveryApiRouteWhoMayCallItAndWhichProblemsItAnswers() {
		JsonNode paths = document().path("paths");
		Set<String> undescribed = new TreeSet<>();
		paths.properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			boolean baseline = path.getKey().startsWith("/api/bench");
			if (!baseline && operation.getValue().path("x-who").isMissingNode()) {
				undescribed.add(operation.getKey() + " " + path.getKey());
			}
			operation.getValue().path("responses").properties().forEach((response) -> {
				if (response.getValue().has("x-problem-types")) {
					assertThat(response.getValue().path("content").has("application/problem+json"))
						.as("%s %s %s", operation.getKey(), path.getKey(), response.getKey())
						.isTrue();
				}
			});
		}));
		assertThat(undescribed).isEmpty();
		JsonNode purchase = paths.path("/api/flash-sales/{id}/purchases").path("post");
		assertThat(purchase.path("responses").path("409").path("x-problem-types").toString()).contains("sold-out",
				"limit-reached");
		assertThat(purchase.path("security").toString()).contains("bearer");
		assertThat(document().path("components").path("securitySchemes").path("bearer").path("scheme").asString())
			.isEqualTo("bearer");
	}

	@Test
	void servesSwaggerUiInTheDevRun() {
		client().get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		client().get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	private JsonNode document() {
		return json(client().get().uri("/v3/api-docs").exchange(), 200);
	}

	private Set<String> documentedRoutes() {
		Set<String> routes = new TreeSet<>();
		document().path("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.forEach((method) -> routes.add(method.toUpperCase() + " " + normalize(path.getKey()))));
		return routes;
	}

	/**
	 * The routes of every "Method and path" table of the README (the API's and the
	 * circle's).
	 */
	private static Set<String> readmeRoutes() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		Set<String> routes = new TreeSet<>();
		for (int at = readme.indexOf("| Method and path |"); at >= 0; at = readme.indexOf("| Method and path |",
				at + 1)) {
			for (String line : readme.substring(at).split("\n")) {
				if (!line.startsWith("|")) {
					break;
				}
				Matcher route = README_ROUTE.matcher(line.split("\\|")[1]);
				while (route.find()) {
					routes.add(route.group(1) + " " + normalize(route.group(2)));
				}
			}
		}
		assertThat(routes).hasSizeGreaterThan(40);
		return routes;
	}

	/** Path variables compare by position, not name. */
	private static String normalize(String path) {
		return path.replaceAll("\\{[^}]*}", "{}");
	}

}
