package io.flashgroup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.recovery.CampaignRecovery;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.awaitility.Awaitility;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * Base of the integration tests: the whole server on a random port against the JVM's one
 * embedded Redis and PostgreSQL. Tests isolate themselves by creating fresh campaigns and
 * users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.port=0", "flashgroup.campaigns.min-pay-window=1s", "flashgroup.outbox.claim-idle=1s",
				"flashgroup.outbox.claim-interval=200ms", "flashgroup.timers.poll-interval=100ms",
				"flashgroup.group-buy.min-group-ttl=1s", "flashgroup.refunds.poll-interval=100ms",
				"flashgroup.refunds.retry-delay=200ms", "flashgroup.bargain.min-session-ttl=1s",
				// Tests that make Redis lose a campaign's state rebuild it when they
				// choose
				// (rebuildLostCampaigns), not whenever a cached context's loop comes by.
				"flashgroup.recovery.check-interval=1h" })
@ActiveProfiles("dev")
public abstract class IntegrationTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected RedisClusterReactiveCommands<String, String> redis;

	@Autowired
	protected DatabaseClient db;

	@Autowired
	private CampaignRecovery recovery;

	@DynamicPropertySource
	static void embeddedServices(DynamicPropertyRegistry registry) {
		EmbeddedServices.start().properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	/** Asserts the status and returns the JSON body. */
	protected static JsonNode json(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	protected WebTestClient client() {
		return WebTestClient.bindToServer(TestConnections.connector())
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	protected String token(String userId, String... roles) {
		return json(client().post()
			.uri("/api/dev/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("userId", userId, "roles", List.of(roles)))
			.exchange(), 200).path("token").asString();
	}

	/**
	 * Creates a campaign of any kind as {@code seller} ({@code CampaignBodies}); its id.
	 */
	protected long create(String path, String seller, Map<String, Object> body) {
		return json(client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 201).path("id").asLong();
	}

	/** Creates a sale as {@code seller} and returns its id. */
	protected long createSale(String seller, int stock, int perUserLimit, Instant startsAt, Instant endsAt,
			Duration payWindow) {
		Map<String, Object> body = CampaignBodies.flashSale(stock, perUserLimit);
		body.put("startsAt", startsAt.toString());
		body.put("endsAt", endsAt.toString());
		body.put("payWindow", payWindow.toString());
		return create("/api/flash-sales", seller, body);
	}

	/** A sale live from now for an hour. */
	protected long liveSale(int stock, int perUserLimit) {
		Instant now = Instant.now();
		return createSale("seller-" + System.nanoTime(), stock, perUserLimit, now.minusSeconds(5),
				now.plusSeconds(3600), Duration.ofMinutes(10));
	}

	protected WebTestClient.ResponseSpec purchase(long saleId, String shopperToken, int quantity, String key) {
		return client().post()
			.uri("/api/flash-sales/{id}/purchases", saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopperToken)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("quantity", quantity))
			.exchange();
	}

	/** Pays an order as its owner; asserts 200 and returns the order. */
	protected JsonNode pay(String orderId, String ownerToken) {
		return json(client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken)
			.exchange(), 200);
	}

	/** An order as its owner (or ops) reads it. */
	protected JsonNode order(String orderId, String ownerToken) {
		return json(client().get()
			.uri("/api/orders/{id}", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken)
			.exchange(), 200);
	}

	/** The ops audit of a campaign. */
	protected JsonNode audit(long campaignId) {
		return json(client().get()
			.uri("/api/ops/campaigns/{id}/audit", campaignId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("audit-ops", "OPS"))
			.exchange(), 200);
	}

	protected JsonNode sale(long saleId) {
		return json(client().get().uri("/api/flash-sales/{id}", saleId).exchange(), 200);
	}

	/** Orders of a campaign in PostgreSQL as id to status. */
	protected Map<String, String> storedOrders(long campaignId) {
		return this.db.sql("SELECT id::text AS id, status FROM orders WHERE campaign_id = $1")
			.bind(0, campaignId)
			.map((row) -> Map.entry(row.get("id", String.class), row.get("status", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Waits until the server has retired the campaign (ended, flushed, no timer or refund
	 * pending: it leaves the active set and its keys get a TTL), then deletes its keys,
	 * as their expiry after {@code flashgroup.outbox.retention} would. What is read
	 * afterwards comes from PostgreSQL only.
	 */
	protected void retire(long campaignId) {
		CampaignKeys keys = new CampaignKeys(campaignId);
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> !Boolean.TRUE
				.equals(this.redis.sismember("flashgroup:campaigns:active", Long.toString(campaignId))
					.block(Duration.ofSeconds(5))));
		Long ttl = this.redis.ttl(keys.state()).block(Duration.ofSeconds(5));
		if (ttl == null || ttl <= 0) {
			throw new AssertionError("Campaign " + campaignId + " left the active set without a TTL on its state");
		}
		this.redis.del(keys.all()).block(Duration.ofSeconds(5));
	}

	/**
	 * Makes Redis lose the campaign's hot state, as a restart without persistence would:
	 * every key of it is gone, and so is its entry in the active set.
	 */
	protected void loseHotState(long campaignId) {
		this.redis.del(new CampaignKeys(campaignId).all()).block(Duration.ofSeconds(5));
		this.redis.srem("flashgroup:campaigns:active", Long.toString(campaignId)).block(Duration.ofSeconds(5));
	}

	/**
	 * Runs the server's check for lost hot state now (its loop runs hourly in tests) and
	 * answers how many campaigns it rebuilt.
	 */
	protected int rebuildLostCampaigns() {
		Integer rebuilt = this.recovery.check().block(Duration.ofSeconds(60));
		return (rebuilt != null) ? rebuilt : 0;
	}

	/**
	 * A WebSocket watcher on the live endpoint: it sends {@code subscribe} (the raw JSON
	 * message) and collects every message it receives; {@link Watcher#close()} hangs up.
	 */
	protected Watcher watch(String subscribeMessage) {
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		JsonMapper json = JsonMapper.builder().build();
		Disposable connection = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + this.port + "/ws"),
					(session) -> session.send(Mono.just(session.textMessage(subscribeMessage)))
						.thenMany(session.receive().map((message) -> json.readTree(message.getPayloadAsText())))
						.doOnNext(received::add)
						.then())
			.subscribe();
		return new Watcher(received, connection);
	}

	/**
	 * The first answer a new watcher of {@code topic} gets: its {@code snapshot}, or the
	 * {@code error} when there is none.
	 */
	protected JsonNode liveSnapshot(String topic) {
		try (Watcher watcher = watchTopic(topic)) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watcher.received().stream().anyMatch((m) -> isAbout(m, topic)));
			return watcher.received().stream().filter((m) -> isAbout(m, topic)).findFirst().orElseThrow();
		}
	}

	private static boolean isAbout(JsonNode message, String topic) {
		return topic.equals(message.path("topic").asString()) || "error".equals(message.path("type").asString());
	}

	/** A watcher of one topic. */
	protected Watcher watchTopic(String topic) {
		return watch("{\"op\":\"subscribe\",\"topic\":\"" + topic + "\"}");
	}

	/**
	 * A live connection opened by a test.
	 *
	 * @param received every message so far, in order
	 * @param connection the connection
	 */
	protected record Watcher(List<JsonNode> received, Disposable connection) implements AutoCloseable {

		@Override
		public void close() {
			this.connection.dispose();
		}

	}

}
