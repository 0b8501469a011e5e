package io.flashgroup.shared;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashgroup.RedisCluster;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link RedisPubSub} on the connections {@link RedisConfiguration} builds for a real
 * cluster: a shard channel is subscribed on its slot's master, and subscribed again on
 * the promoted replica after that master dies (Lettuce alone loses it: the dead node's
 * connection goes, and its subscriptions with it); a plain channel reaches a subscriber
 * wherever it is published. The connection listeners fire on the shard's connection
 * dropping, so held views fall back.
 */
class RedisPubSubClusterIntegrationTests {

	private final RedisCluster cluster = RedisCluster.start();

	private final RedisConfiguration configuration = new RedisConfiguration();

	private AbstractRedisClient client;

	private StatefulConnection<String, String> connection;

	private StatefulRedisPubSubConnection<String, String> pubsubConnection;

	private RedisPubSub pubsub;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger connectionChanges = new AtomicInteger();

	@BeforeEach
	void connect() {
		DataRedisProperties properties = new DataRedisProperties();
		DataRedisProperties.Cluster nodes = new DataRedisProperties.Cluster();
		nodes.setNodes(this.cluster.nodes().stream().map((port) -> "127.0.0.1:" + port).toList());
		properties.setCluster(nodes);
		this.client = this.configuration.flashgroupRedisClient(properties,
				new RedisProperties(Duration.ofSeconds(2), Duration.ofSeconds(2)));
		this.connection = this.configuration.flashgroupRedisConnection(this.client);
		RedisClusterReactiveCommands<String, String> commands = this.configuration
			.flashgroupRedisCommands(this.connection);
		this.pubsubConnection = this.configuration.flashgroupPubSubConnection(this.client);
		this.pubsub = new RedisPubSub(this.client, this.pubsubConnection, commands, this.cluster.shardedPubSub());
		this.pubsub.addListener((channel, message) -> this.received.add(channel + "=" + message));
		this.pubsub.onConnectionChange(this.connectionChanges::incrementAndGet);
	}

	@AfterEach
	void close() {
		this.pubsub.close();
		this.pubsubConnection.close();
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void aPlainChannelReachesItsSubscriberFromAnyNode() {
		String channel = "live:ops:" + System.nanoTime();
		this.pubsub.subscribe(channel).block(Duration.ofSeconds(5));
		for (int master : this.cluster.masters()) {
			this.cluster.on(master, (RedisCommands<String, String> redis) -> redis.publish(channel, "from-" + master));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.received.stream().filter((m) -> m.startsWith(channel + "=")).count() == 3);
	}

	@Test
	void aShardChannelIsSubscribedOnItsMasterAndAgainOnThePromotedReplica() {
		assumeThat(this.cluster.shardedPubSub()).as("sharded pub/sub needs Redis 7").isTrue();
		String channel = this.pubsub.channel("live:flash-sale:" + System.nanoTime(), "{c:" + System.nanoTime() + "}");
		this.pubsub.subscribe(channel).block(Duration.ofSeconds(5));
		int master = this.cluster.masterFor(channel);
		assertThat(shardChannels(master)).contains(channel);
		this.pubsub.publish(channel, "1").block(Duration.ofSeconds(5));
		awaitReceived(channel + "=1");
		this.cluster.killMaster(master);
		int promoted = this.cluster.awaitFailover(master, Duration.ofSeconds(30));
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> shardChannels(promoted).contains(channel));
			this.cluster.on(promoted, (RedisCommands<String, String> redis) -> redis.spublish(channel, "2"));
			awaitReceived(channel + "=2");
			assertThat(this.connectionChanges).hasPositiveValue();
		}
		finally {
			this.cluster.restart(master);
		}
	}

	private List<String> shardChannels(int port) {
		return this.cluster.on(port, (RedisCommands<String, String> redis) -> redis.pubsubShardChannels());
	}

	private void awaitReceived(String message) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.received.contains(message));
	}

}
