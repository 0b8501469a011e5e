package io.flashgroup.live;

import java.time.Duration;
import java.util.List;

import io.flashgroup.ClusterIntegrationTestSupport;
import io.flashgroup.shared.RedisPubSub;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live fan-out on a real Redis Cluster: a sale's watcher gets its purchases through the
 * sale's shard channel ({@code live:{c:<id>}:flash-sale:<id>}, subscribed on the slot's
 * master), and keeps getting them after that master fails over to its replica. On a Redis
 * without sharded pub/sub (the bundled 6.2) the same holds on plain channels.
 */
class ShardedLiveClusterIntegrationTests extends ClusterIntegrationTestSupport {

	@Autowired
	private RedisPubSub pubsub;

	@Autowired
	private LiveHub hub;

	@Test
	void aWatcherSeesPurchasesThroughTheSalesShard() {
		assertThat(this.pubsub.sharded()).isEqualTo(cluster().shardedPubSub());
		long sale = liveSale(10, 2);
		String topic = "flash-sale:" + sale;
		try (Watcher watcher = watchTopic(topic)) {
			awaitState(watcher, topic, 10);
			json(purchase(sale, token("sh-" + System.nanoTime(), "SHOPPER"), 1, "k1"), 201);
			awaitState(watcher, topic, 9);
			if (this.pubsub.sharded()) {
				String channel = this.hub.channelOf(topic);
				assertThat(channel).isEqualTo("live:{c:" + sale + "}:flash-sale:" + sale);
				assertThat(shardChannelsOn(cluster().masterFor(channel))).contains(channel);
			}
		}
	}

	@Test
	void purchasesAndTheirWatcherFollowTheSaleWhenItsSlotMovesToAnotherMaster() {
		long sale = liveSale(10, 5);
		String topic = "flash-sale:" + sale;
		String shopper = token("mv-" + System.nanoTime(), "SHOPPER");
		String state = "{c:" + sale + "}:state";
		try (Watcher watcher = watchTopic(topic)) {
			awaitState(watcher, topic, 10);
			json(purchase(sale, shopper, 1, "before"), 201);
			awaitState(watcher, topic, 9);
			int from = cluster().masterFor(state);
			int to = cluster().masters().stream().filter((port) -> port != from).findFirst().orElseThrow();
			cluster().moveSlot(io.lettuce.core.cluster.SlotHash.getSlot(state), to);
			// The node's slot map still names the old master: Redis answers MOVED and
			// Lettuce follows it (and refreshes the map), so the purchase just works.
			json(purchase(sale, shopper, 1, "after"), 201);
			awaitState(watcher, topic, 8);
			if (this.pubsub.sharded()) {
				assertThat(shardChannelsOn(to)).contains(this.hub.channelOf(topic));
			}
		}
	}

	@Test
	void aWatcherKeepsReceivingAfterItsShardsMasterFailsOver() {
		long sale = liveSale(10, 5);
		String topic = "flash-sale:" + sale;
		String shopper = token("fo-" + System.nanoTime(), "SHOPPER");
		int master = cluster().masterFor("{c:" + sale + "}:state");
		try (Watcher watcher = watchTopic(topic)) {
			awaitState(watcher, topic, 10);
			json(purchase(sale, shopper, 1, "before"), 201);
			awaitState(watcher, topic, 9);
			cluster().on(master, (RedisCommands<String, String> redis) -> redis.waitForReplication(1, 2000));
			cluster().killMaster(master);
			int promoted = cluster().awaitFailover(master, Duration.ofSeconds(30));
			// The node retries until its client has the new slot map (a redirect or a
			// reconnect triggers the refresh; the test's period is 2 s).
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> purchase(sale, shopper, 1, "after").returnResult(Void.class).getStatus().value() == 201);
			awaitState(watcher, topic, 8);
			if (this.pubsub.sharded()) {
				assertThat(shardChannelsOn(promoted)).contains(this.hub.channelOf(topic));
			}
		}
		finally {
			cluster().restart(master);
		}
	}

	private void awaitState(Watcher watcher, String topic, int stockLeft) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> watcher.received()
				.stream()
				.filter((message) -> topic.equals(message.path("topic").asString()))
				.map((message) -> message.path("state"))
				.anyMatch((state) -> state.path("stockLeft").asInt() == stockLeft));
	}

	private List<String> shardChannelsOn(int port) {
		return cluster().on(port, (RedisCommands<String, String> redis) -> redis.pubsubShardChannels());
	}

	static boolean isAbout(JsonNode message, String topic) {
		return topic.equals(message.path("topic").asString());
	}

}
