package io.flashgroup.live;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Past the frame budget the watchers are served in groups, one group per tick; a sale
 * that changes once and goes quiet must still reach every group with its last state. A
 * budget of one frame per second and core makes eight watchers exceed it.
 */
@TestPropertySource(properties = { "flashgroup.live.frame-budget-per-core=1", "flashgroup.live.max-interval=500ms" })
class PacedWatchersIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private LiveHub hub;

	@Test
	void everyGroupOfWatchersGetsTheLastStateOfASaleThatWentQuiet() {
		long saleId = liveSale(4, 4);
		List<Watcher> watchers = IntStream.range(0, 8).mapToObj((i) -> watchTopic("flash-sale:" + saleId)).toList();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> watchers.stream().allMatch((watcher) -> watcher.received().size() >= 2));
			assertThat(this.hub.groups()).isGreaterThan(1);

			purchase(saleId, token("paced-" + saleId, "SHOPPER"), 4, "all").expectStatus().isCreated();

			await().atMost(Duration.ofSeconds(10))
				.until(() -> watchers.stream().allMatch((watcher) -> stockLeft(last(watcher)) == 0));
		}
		finally {
			watchers.forEach(Watcher::close);
		}
		for (Watcher watcher : watchers) {
			List<JsonNode> frames = watcher.received().subList(1, watcher.received().size());
			assertThat(frames.get(0).path("type").asString()).isEqualTo("snapshot");
			assertThat(frames.stream().map((frame) -> frame.path("seq").asLong()).toList()).isSorted()
				.doesNotHaveDuplicates();
			assertThat(last(watcher).path("state").path("status").asString()).isEqualTo("SOLD_OUT");
		}
	}

	private static JsonNode last(Watcher watcher) {
		return watcher.received().get(watcher.received().size() - 1);
	}

	private static long stockLeft(JsonNode frame) {
		return frame.path("state").path("stockLeft").asLong(-1);
	}

}
