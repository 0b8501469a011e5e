package io.flashgroup.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control-plane calls of a benchmark (create a sale, pause the flusher, audit...),
 * one at a time with the JDK client; only the loads themselves go through Reactor Netty.
 */
final class Api {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String seller;

	private final String ops;

	Api(String baseUrl, Tokens tokens) {
		this.baseUrl = baseUrl;
		this.seller = tokens.mint("bench-seller", "SELLER");
		this.ops = tokens.mint("bench-ops", "OPS");
	}

	/** A flash sale live from now for an hour. */
	long createLiveSale(int stock, int perUserLimit) {
		Instant now = Instant.now();
		String body = """
				{"sku":"BENCH","title":"Benchmark sale","price":100,"currency":"EUR","stock":%d,"perUserLimit":%d,
				 "startsAt":"%s","endsAt":"%s","payWindow":"PT30M"}"""
			.formatted(stock, perUserLimit, now.minusSeconds(1), now.plusSeconds(3600));
		return call("POST", "/api/flash-sales", this.seller, body, 201).path("id").asLong();
	}

	/** A live sale whose buyers may share coupons (the circle's posts name it). */
	long createCircleSale() {
		Instant now = Instant.now();
		String body = """
				{"sku":"BENCH-CIRCLE","title":"Circle sale","price":1000,"currency":"EUR","stock":1000,
				 "startsAt":"%s","endsAt":"%s","shareCoupon":{"discount":{"amount":100},"claimsPerShare":10}}"""
			.formatted(now.minusSeconds(1), now.plusSeconds(3600));
		return call("POST", "/api/flash-sales", this.seller, body, 201).path("id").asLong();
	}

	/** Seeds the circle graph and its posts (see the server's bench {@code CircleSeed}). */
	JsonNode seedCircle(String prefix, int friends, int friendsOfFriends, int posts, int hotPosts, long campaignId) {
		String body = """
				{"prefix":"%s","friends":%d,"friendsOfFriends":%d,"posts":%d,"hotPosts":%d,"campaignId":%d,
				 "coupon":{"discount":{"amount":100},"minSpend":0,"validForMs":604800000,"claimsPerShare":10,"scope":"SHOP"}}"""
			.formatted(prefix, friends, friendsOfFriends, posts, hotPosts, campaignId);
		return call("POST", "/api/bench/circle-graph", this.ops, body, 200);
	}

	/** Posts of the seed PostgreSQL holds (the flusher's progress). */
	long storedCirclePosts(String prefix) {
		return call("GET", "/api/bench/circle-graph/" + prefix + "/stored", this.ops, null, 200).path("posts").asLong();
	}

	/** Refreshes the planner's statistics after seeding (see the server's CircleSeed). */
	void analyzeCircle() {
		call("POST", "/api/bench/circle-graph/analyze", this.ops, null, 200);
	}

	JsonNode get(String path, String token) {
		return call("GET", path, token, null, 200);
	}

	long createNaiveSale(int stock) {
		return call("POST", "/api/bench/pg-sales", this.ops, "{\"stock\":%d}".formatted(stock), 200).path("id")
			.asLong();
	}

	void flusher(boolean running) {
		call("POST", "/api/bench/flusher/" + (running ? "start" : "stop"), this.ops, null, 200);
	}

	long outboxEntries(long saleId) {
		return call("GET", "/api/bench/campaigns/" + saleId + "/outbox", this.ops, null, 200).path("entries")
			.asLong();
	}

	JsonNode audit(long saleId) {
		return call("GET", "/api/ops/campaigns/" + saleId + "/audit", this.ops, null, 200);
	}

	JsonNode insertCeiling(long saleId, int batch) {
		return call("POST", "/api/bench/campaigns/" + saleId + "/insert-ceiling?batch=" + batch, this.ops, null, 200);
	}

	JsonNode redisTarget(long saleId) {
		return call("POST", "/api/bench/campaigns/" + saleId + "/redis-target", this.ops, null, 200);
	}

	/** Heap in use on the server, from its Prometheus endpoint. */
	long serverHeapBytes() {
		String metrics = text("/actuator/prometheus");
		long sum = 0;
		for (String line : metrics.split("\n")) {
			if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
				sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

	boolean healthy() {
		try {
			return text("/actuator/health").contains("\"UP\"");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private String text(String path) {
		try {
			return this.client
				.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode call(String method, String path, String token, String body, int expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(120))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> map(JsonNode node) {
		return JSON.convertValue(node, Map.class);
	}

}
