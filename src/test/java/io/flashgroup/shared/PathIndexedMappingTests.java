package io.flashgroup.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The narrowed lookup picks what Spring's picks, for every request: the same handler with
 * the same path variables, or the same refusal (405, 406, 415, an ambiguous mapping), or
 * the same CORS pre-flight answer; and a request with variables in its path is matched
 * against the mappings under its literal segments only.
 */
class PathIndexedMappingTests {

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final RequestMappingHandlerMapping spring = new RequestMappingHandlerMapping();

	private final PathIndexedMapping indexed = new PathIndexedMapping();

	PathIndexedMappingTests() {
		this.context.registerBean(Routes.class);
		this.context.registerBean(MoreRoutes.class);
		this.context.refresh();
		for (RequestMappingHandlerMapping mapping : List.of(this.spring, this.indexed)) {
			mapping.setApplicationContext(this.context);
			mapping.afterPropertiesSet();
		}
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void answersAsSpringForEveryPathMethodAndMediaType() {
		// Per position, the segments the routes below have there, and some they do not.
		List<List<String>> words = List.of(List.of("api", "api", "api", "things", "other", "x", "", "A"),
				List.of("things", "things", "things", "files", "wild", "tie", "cors", "other", "mine", "A"),
				List.of("5", "5", "mine", "x", "things", "%7B", "a;b=c", ""),
				List.of("buys", "buys", "alias", "x", "7"), List.of("7", "5", "x"));
		List<HttpMethod> methods = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
				HttpMethod.OPTIONS);
		List<String> accepts = List.of("", "application/json", "text/plain", "*/*");
		Random random = new Random(42);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			StringBuilder path = new StringBuilder();
			int segments = random.nextInt(words.size() + 1);
			for (int s = 0; s < segments; s++) {
				List<String> here = words.get(s);
				path.append('/').append(here.get(random.nextInt(here.size())));
			}
			if (path.isEmpty() || random.nextInt(10) == 0) {
				path.append('/');
			}
			HttpMethod method = methods.get(random.nextInt(methods.size()));
			String accept = accepts.get(random.nextInt(accepts.size()));
			boolean json = random.nextBoolean();
			boolean preflight = method == HttpMethod.OPTIONS && random.nextBoolean();
			String spring = answer(this.spring, request(method, path.toString(), accept, json, preflight));
			String indexed = answer(this.indexed, request(method, path.toString(), accept, json, preflight));
			assertThat(indexed).as("%s %s accept %s json %s preflight %s", method, path, accept, json, preflight)
				.isEqualTo(spring);
			answers.add(spring);
		}
		// The requests reach every kind of answer, so the comparison covers them all.
		assertThat(answers).anyMatch((a) -> a.startsWith("one {id=5}"))
			.anyMatch((a) -> a.startsWith("mine"))
			.anyMatch((a) -> a.startsWith("rest"))
			.anyMatch((a) -> a.startsWith("wildcard"))
			.anyMatch((a) -> a.startsWith("anything"))
			.anyMatch((a) -> a.startsWith("either"))
			.anyMatch((a) -> a.startsWith("IllegalStateException"))
			.anyMatch((a) -> a.contains("405"))
			.anyMatch((a) -> a.contains("406"))
			.anyMatch((a) -> a.contains("415"))
			.anyMatch((a) -> a.startsWith("pre-flight"));
	}

	@Test
	void matchesARequestWithVariablesOnlyAgainstTheMappingsUnderItsLiteralSegments() {
		assertThat(this.indexed.getHandlerMethods()).hasSizeGreaterThan(15);
		// The three at the root ("/{word}/things/{id}", "/**", "/"), "either" under "api"
		// (its two patterns share only "/api"), the seven under "things"
		// ("/api/things/mine" is one further down, under "mine").
		assertThat(this.indexed.candidates("/api/things/5")).isEqualTo(11);
		assertThat(this.indexed.candidates("/api/things/5/buys")).isEqualTo(11);
		assertThat(this.indexed.candidates("/api/things/mine/x")).isEqualTo(12);
		assertThat(this.indexed.candidates("/nowhere/5")).isEqualTo(3);
		assertThat(this.indexed.candidates("/api/things")).isEqualTo(-1);
	}

	private static MockServerWebExchange request(HttpMethod method, String path, String accept, boolean json,
			boolean preflight) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(method, "http://localhost" + path);
		if (!accept.isEmpty()) {
			request.header(HttpHeaders.ACCEPT, accept);
		}
		if (json && method != HttpMethod.GET) {
			request.header(HttpHeaders.CONTENT_TYPE, "application/json");
		}
		else if (method == HttpMethod.POST) {
			request.header(HttpHeaders.CONTENT_TYPE, "text/plain");
		}
		if (preflight) {
			request.header(HttpHeaders.ORIGIN, "https://shop.example")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET");
		}
		return MockServerWebExchange.from(request);
	}

	private static String answer(HandlerMapping mapping, MockServerWebExchange exchange) {
		try {
			Object handler = mapping.getHandler(exchange).block();
			if (handler instanceof HandlerMethod method) {
				return method.getMethod().getName() + " "
						+ exchange.getAttributes().get(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) + " "
						+ exchange.getAttributes().get(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			}
			return (handler != null) ? "pre-flight " + exchange.getResponse().getHeaders() : "none";
		}
		catch (ResponseStatusException ex) {
			return ex.getClass().getSimpleName() + " " + ex.getStatusCode() + " " + ex.getHeaders();
		}
		catch (RuntimeException ex) {
			return ex.getClass().getSimpleName() + " " + ex.getMessage();
		}
	}

	@RestController
	@RequestMapping("/api")
	static class Routes {

		@GetMapping("/things")
		String list() {
			return "";
		}

		@GetMapping("/things/{id}")
		String one() {
			return "";
		}

		@GetMapping("/things/mine")
		String mine() {
			return "";
		}

		@GetMapping(path = "/things/{id}", params = "v=2")
		String versioned() {
			return "";
		}

		@GetMapping(path = "/things/{id}", produces = "text/plain")
		String text() {
			return "";
		}

		@PostMapping(path = "/things/{id}", consumes = "application/json", produces = "application/json")
		String change() {
			return "";
		}

		@PostMapping(path = "/things/{id}/buys", consumes = "application/json", produces = "application/json")
		String buy() {
			return "";
		}

		@GetMapping(path = "/things/{id}/buys/{buy}", produces = "application/json")
		String oneBuy() {
			return "";
		}

		@GetMapping({ "/things/{id}/alias", "/other/{id}" })
		String either() {
			return "";
		}

		@GetMapping("/files/{*rest}")
		String rest() {
			return "";
		}

		@GetMapping("/wild/*/x")
		String wildcard() {
			return "";
		}

		@GetMapping("/tie/{a}")
		String tieA() {
			return "";
		}

		@GetMapping("/tie/{b}")
		String tieB() {
			return "";
		}

		@CrossOrigin("https://shop.example")
		@GetMapping("/cors/{id}")
		String corsA() {
			return "";
		}

		@CrossOrigin("https://shop.example")
		@GetMapping(path = "/cors/{id}", params = "v=2")
		String corsB() {
			return "";
		}

	}

	@RestController
	static class MoreRoutes {

		@GetMapping("/{word}/things/{id}")
		String anyFirst() {
			return "";
		}

		@RequestMapping(path = "/api/cors/**", method = { RequestMethod.GET, RequestMethod.DELETE })
		String fallback() {
			return "";
		}

		// Every GET matches this one, so a mapping the index left out would show as this
		// one picked instead of the better one, rather than as no match (which Spring's
		// own
		// lookup then answers).
		@GetMapping("/**")
		String anything() {
			return "";
		}

		@PostMapping("/")
		Map<String, String> root() {
			return Map.of();
		}

	}

}
