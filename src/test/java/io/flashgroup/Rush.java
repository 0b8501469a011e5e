package io.flashgroup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Many requests at once, as a promotion's first second brings them: one pool with a
 * connection for each request in flight, every answer kept with its status. The one way
 * the tests of every kind race requests.
 */
public final class Rush {

	private Rush() {
	}

	/**
	 * Sends {@code count} requests, {@code concurrency} at a time, and waits for every
	 * answer.
	 * @param port the server's port
	 * @param count requests to send
	 * @param concurrency requests in flight at once
	 * @param request the i-th request (0-based), from a client bound to the server
	 * @return the answers, in the order they came
	 */
	public static List<Answer> fire(int port, int count, int concurrency,
			java.util.function.BiFunction<WebClient, Integer, WebClient.RequestHeadersSpec<?>> request) {
		ConnectionProvider pool = ConnectionProvider.builder("rush")
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient web = WebClient.builder()
				.baseUrl("http://127.0.0.1:" + port)
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
				.build();
			return Flux.range(0, count)
				.flatMap((i) -> request.apply(web, i)
					.exchangeToMono((response) -> response.bodyToMono(JsonNode.class)
						.defaultIfEmpty(NullNode.getInstance())
						.map((body) -> new Answer(response.statusCode().value(), body))), concurrency)
				.collectList()
				.block(Duration.ofSeconds(120));
		}
		finally {
			pool.dispose();
		}
	}

	/**
	 * The same with the i-th request as a function of i alone, e.g. the i-th shopper's.
	 */
	public static List<Answer> fire(int port, int count, IntFunction<Request> request) {
		return fire(port, count, count, (web, i) -> request.apply(i).to(web));
	}

	/** How many answers had each status. */
	public static Map<Integer, Integer> statuses(List<Answer> answers) {
		Map<Integer, Integer> counts = new TreeMap<>();
		answers.forEach((answer) -> counts.merge(answer.status(), 1, Integer::sum));
		return counts;
	}

	/**
	 * An answer.
	 *
	 * @param status HTTP status
	 * @param body JSON body ({@code null} node when empty)
	 */
	public record Answer(int status, JsonNode body) {
	}

	/**
	 * A POST of the rush.
	 *
	 * @param path the path
	 * @param token the bearer token
	 * @param idempotencyKey the Idempotency-Key, or null for none
	 */
	public record Request(String path, String token, @org.jspecify.annotations.Nullable String idempotencyKey) {

		WebClient.RequestHeadersSpec<?> to(WebClient web) {
			WebClient.RequestBodySpec post = web.post().uri(this.path).header("Authorization", "Bearer " + this.token);
			return (this.idempotencyKey != null) ? post.header("Idempotency-Key", this.idempotencyKey) : post;
		}

	}

}
