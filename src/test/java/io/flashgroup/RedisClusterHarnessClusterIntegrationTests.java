package io.flashgroup;

import java.time.Duration;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster harness itself: three masters own every slot, a key lives where
 * {@link RedisCluster#masterFor} says, and a killed master's replica takes over with the
 * data, the killed node rejoining as a replica once restarted.
 */
class RedisClusterHarnessClusterIntegrationTests {

	private final RedisCluster cluster = RedisCluster.start();

	@Test
	void threeMastersOwnEverySlotAndKeysLiveOnTheirSlotsMaster() {
		assertThat(this.cluster.masters()).hasSize(3);
		assertThat(this.cluster.nodes()).hasSize(6);
		String key = "{c:" + System.nanoTime() + "}:state";
		RedisClusterClient client = RedisClusterClient
			.create(RedisURI.create("127.0.0.1", this.cluster.nodes().get(0)));
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			connection.sync().set(key, "here");
		}
		finally {
			client.shutdown();
		}
		assertThat(
				this.cluster.on(this.cluster.masterFor(key), (RedisCommands<String, String> redis) -> redis.get(key)))
			.isEqualTo("here");
	}

	@Test
	void aKilledMastersReplicaTakesOverWithItsData() {
		String key = "{harness:" + System.nanoTime() + "}";
		int master = this.cluster.masterFor(key);
		this.cluster.on(master, (redis) -> redis.set(key, "kept"));
		int replica = this.cluster.replicaOf(master);
		this.cluster.on(master, (redis) -> redis.waitForReplication(1, 2000));
		this.cluster.killMaster(master);
		int successor = this.cluster.awaitFailover(master, Duration.ofSeconds(30));
		assertThat(successor).isEqualTo(replica);
		assertThat(this.cluster.on(successor, (RedisCommands<String, String> redis) -> redis.get(key)))
			.isEqualTo("kept");
		this.cluster.restart(master);
		assertThat(this.cluster.replicaOf(successor)).isEqualTo(master);
	}

}
