package io.flashgroup;

import java.time.Duration;
import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sale's slot moved while shoppers buy, the way {@code redis-cli --cluster reshard}
 * moves it: importing on the target, migrating on the source, its keys migrated in
 * batches, then the slot given to the target. A purchase whose keys are all on the target
 * already follows the source's {@code ASK} (Lettuce sends {@code ASKING} to the target)
 * and succeeds; one whose keys are split between the two is refused by Redis with
 * {@code TRYAGAIN}, which shoppers see as {@code 503} with {@code Retry-After} and
 * nothing written, and its retry succeeds once the keys moved.
 */
class SlotMigrationClusterIntegrationTests extends ClusterIntegrationTestSupport {

	@Test
	void aPurchaseDuringTheMoveOfItsSlotIsAskedOnOrToldToRetryNeverFailed() {
		long sale = liveSale(10, 5);
		String shopper = token("cl-migrating-" + System.nanoTime(), "SHOPPER");
		json(purchase(sale, shopper, 1, "before"), 201);
		RedisCluster cluster = cluster();
		CampaignKeys keys = new CampaignKeys(sale);
		int slot = SlotHash.getSlot(keys.state());
		int source = cluster.masterForSlot(slot);
		int target = cluster.masters().stream().filter((port) -> port != source).findFirst().orElseThrow();
		String sourceId = cluster.on(source, RedisCommands::clusterMyId);
		String targetId = cluster.on(target, RedisCommands::clusterMyId);

		cluster.on(target, (redis) -> redis.clusterSetSlotImporting(slot, sourceId));
		cluster.on(source, (redis) -> redis.clusterSetSlotMigrating(slot, targetId));
		try {
			// The state hash moved, the other keys not yet: split between two nodes.
			migrate(cluster, source, target, List.of(keys.state()));
			WebTestClient.ResponseSpec split = purchase(sale, shopper, 1, "during");
			split.expectHeader().exists(HttpHeaders.RETRY_AFTER);
			assertThat(json(split, 503).path("type").asString()).endsWith("/unavailable");

			// Every key on the target: the source answers ASK.
			migrate(cluster, source, target, cluster.on(source, (redis) -> redis.clusterGetKeysInSlot(slot, 1000)));
			JsonNode asked = json(purchase(sale, shopper, 1, "during"), 201);
			assertThat(asked.path("quantity").asInt()).isOne();
		}
		finally {
			for (int master : cluster.masters()) {
				cluster.on(master, (redis) -> redis.clusterSetSlotNode(slot, targetId));
			}
		}
		// The slot is the target's now: MOVED, then the new map.
		json(purchase(sale, shopper, 1, "after"), 201);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode view = sale(sale);
			assertThat(view.path("sold").asInt()).isEqualTo(3);
			assertThat(view.path("stockLeft").asInt()).isEqualTo(7);
		});
	}

	private static void migrate(RedisCluster cluster, int source, int target, List<String> keys) {
		if (!keys.isEmpty()) {
			cluster.on(source, (redis) -> redis.migrate("127.0.0.1", target, 0, 5000, MigrateArgs.Builder.keys(keys)));
		}
	}

}
