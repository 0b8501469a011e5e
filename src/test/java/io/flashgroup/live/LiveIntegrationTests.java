package io.flashgroup.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.TestConnections;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LiveIntegrationTests extends IntegrationTestSupport {

	@Test
	void webSocketWatcherSeesHelloSnapshotAndOrderedUpdates() {
		long saleId = liveSale(20, 5);
		Watcher watcher = watchTopic("flash-sale:" + saleId);
		List<JsonNode> received = watcher.received();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			String shopper = token("watched-" + saleId, "SHOPPER");
			for (int i = 0; i < 4; i++) {
				purchase(saleId, shopper, 1, "w" + i).expectStatus().isCreated();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.get(received.size() - 1).path("state").path("stockLeft").asLong() == 16);
		}
		finally {
			watcher.close();
		}

		assertThat(received.get(0).path("type").asString()).isEqualTo("hello");
		assertThat(received.get(0).path("serverTime").asLong()).isPositive();
		assertThat(received.get(1).path("type").asString()).isEqualTo("snapshot");
		assertThat(received.get(1).path("state").path("stockLeft").asLong()).isEqualTo(20);
		List<JsonNode> updates = received.subList(2, received.size());
		assertThat(updates).isNotEmpty()
			.allSatisfy((update) -> assertThat(update.path("type").asString()).isEqualTo("update"));
		assertThat(updates.stream().map((u) -> u.path("seq").asLong()).toList()).isSorted().doesNotHaveDuplicates();
		assertThat(updates.get(0).path("seq").asLong()).isGreaterThan(received.get(1).path("seq").asLong());
	}

	@Test
	void sseWatcherSeesSnapshotThenUpdates() {
		long saleId = liveSale(10, 5);
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = WebClient.builder()
			.clientConnector(TestConnections.connector())
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.get()
			.uri("/api/live/flash-sale:{id}", saleId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new org.springframework.core.ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.subscribe(events::add);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
			purchase(saleId, token("sse-" + saleId, "SHOPPER"), 3, "s").expectStatus().isCreated();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> events.stream()
					.anyMatch((e) -> "update".equals(e.event()) && e.data().contains("\"stockLeft\":7")));
		}
		finally {
			stream.dispose();
		}
		assertThat(events.get(0).event()).isEqualTo("hello");
		assertThat(events.get(1).event()).isEqualTo("snapshot");
		assertThat(events.get(1).data()).contains("\"stockLeft\":10");
	}

	@Test
	void answersAnUnknownTopicWithNotFound() {
		client().get().uri("/api/live/flash-sale:987654321").exchange().expectStatus().isNotFound();
		client().get().uri("/api/live/nonsense").exchange().expectStatus().isNotFound();
	}

}
