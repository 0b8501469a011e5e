package io.flashgroup.ops;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpsLiveIntegrationTests extends IntegrationTestSupport {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theMetricsTopicIsForOpsOnly() {
		assertThat(watch("")).anySatisfy((m) -> {
			assertThat(m.path("type").asString()).isEqualTo("error");
			assertThat(m.path("problem").asString()).isEqualTo("forbidden");
		});
		assertThat(watch(",\"token\":\"" + token("not-ops", "SHOPPER", "SELLER") + "\""))
			.anySatisfy((m) -> assertThat(m.path("problem").asString()).isEqualTo("forbidden"));

		List<JsonNode> ops = watch(",\"token\":\"" + token("an-operator", "OPS") + "\"");
		JsonNode snapshot = ops.stream()
			.filter((m) -> "snapshot".equals(m.path("type").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(snapshot.path("state").has("liveSessions")).isTrue();
		assertThat(snapshot.path("state").path("outboxLagEntries").isNumber()).isTrue();

		client().get().uri("/api/live/ops:metrics").exchange().expectStatus().isUnauthorized();
	}

	/**
	 * Messages of one connection that subscribes to ops:metrics, until it got an answer.
	 */
	private List<JsonNode> watch(String extra) {
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		Disposable connection = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + this.port + "/ws"), (session) -> session
				.send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"topic\":\"ops:metrics\"" + extra + "}")))
				.thenMany(session.receive().map((message) -> this.json.readTree(message.getPayloadAsText())))
				.doOnNext(received::add)
				.then())
			.subscribe();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
		}
		finally {
			connection.dispose();
		}
		return received;
	}

}
