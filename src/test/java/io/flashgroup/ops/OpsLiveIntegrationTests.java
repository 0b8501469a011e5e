package io.flashgroup.ops;

import java.time.Duration;
import java.util.List;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpsLiveIntegrationTests extends IntegrationTestSupport {

	@Test
	void theMetricsTopicIsForOpsOnly() {
		assertThat(watchMetrics("")).anySatisfy((m) -> {
			assertThat(m.path("type").asString()).isEqualTo("error");
			assertThat(m.path("problem").asString()).isEqualTo("forbidden");
		});
		assertThat(watchMetrics(",\"token\":\"" + token("not-ops", "SHOPPER", "SELLER") + "\""))
			.anySatisfy((m) -> assertThat(m.path("problem").asString()).isEqualTo("forbidden"));

		List<JsonNode> ops = watchMetrics(",\"token\":\"" + token("an-operator", "OPS") + "\"");
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
	private List<JsonNode> watchMetrics(String extra) {
		Watcher watcher = watch("{\"op\":\"subscribe\",\"topic\":\"ops:metrics\"" + extra + "}");
		List<JsonNode> received = watcher.received();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
		}
		finally {
			watcher.close();
		}
		return received;
	}

}
