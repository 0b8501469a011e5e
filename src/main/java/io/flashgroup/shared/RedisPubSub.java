package io.flashgroup.shared;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pub/sub on a single Redis or a cluster, plain or sharded, behind one small API. A
 * channel that carries a hash tag ({@code live:{c:42}:flash-sale:42}) is a shard channel:
 * published with {@code SPUBLISH} (by Java here, by the scripts with the same rule) and
 * read with {@code SSUBSCRIBE}, which Lettuce sends to the node owning the tag's slot;
 * any other channel is plain ({@code PUBLISH}, broadcast to every node of a cluster).
 * Only {@link #channel(String, String)} adds tags, and only in sharded mode, so a single
 * Redis in plain mode sees the channel names it always did.
 * <p>
 * On a cluster each shard channel is subscribed explicitly on the pub/sub connection to
 * the master owning its slot in the client's slot map, and that node is remembered.
 * Lettuce 7.5 re-subscribes a node connection's shard channels when that same connection
 * comes back, but not when the slot moves: after a failover the dead master's connection
 * is closed as stale and its subscriptions go with it (a cluster test saw the channel
 * never reach the promoted replica). So on every topology event, every pub/sub connection
 * change and once a second, each shard channel whose slot now has another owner is
 * subscribed there, and {@link #onShardChannelMoved} listeners re-read what they missed
 * in between.
 */
public final class RedisPubSub {

	private static final Logger logger = LoggerFactory.getLogger(RedisPubSub.class);

	/** {@code flashgroup.live.pubsub}. */
	public enum Mode {

		/** Sharded on a cluster of Redis >= 7, else plain. */
		AUTO,
		/** {@code PUBLISH}/{@code SUBSCRIBE} everywhere. */
		PLAIN,
		/** Topics with a slot on shard channels (needs Redis >= 7). */
		SHARDED

	}

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final boolean sharded;

	/** Shard channels subscribed here, to the node id they are subscribed on. */
	private final Map<String, String> shardChannels = new ConcurrentHashMap<>();

	/** Plain channels subscribed for the node's lifetime: never unsubscribed. */
	private final Set<String> held = ConcurrentHashMap.newKeySet();

	private final @Nullable RedisClusterClient cluster;

	private final List<Runnable> connectionListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<String>> moveListeners = new CopyOnWriteArrayList<>();

	private final Disposable topologyChanges;

	/**
	 * @param client the client both connections come from (a {@code RedisClient} or a
	 * {@code RedisClusterClient})
	 * @param connection its one pub/sub connection (a cluster one on a cluster)
	 * @param commands its command connection, for publishing
	 * @param sharded whether topics with a slot use shard channels
	 */
	public RedisPubSub(AbstractRedisClient client, StatefulRedisPubSubConnection<String, String> connection,
			RedisClusterReactiveCommands<String, String> commands, boolean sharded) {
		this.connection = connection;
		this.commands = commands;
		this.sharded = sharded;
		this.cluster = (client instanceof RedisClusterClient clusterClient) ? clusterClient : null;
		client.addListener(new RedisConnectionStateListener() {

			@Override
			public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
				connectionChanged(handler);
			}

			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
				connectionChanged(handler);
			}

		});
		// A lifecycle subscription, disposed with the bean. Topology events alone are not
		// enough: on a cluster, the event for a failed master can come while the slot
		// map still names it, and the promotion may arrive with no event of its own (a
		// cluster test saw exactly that), so the slot owners are also compared once a
		// second: a map lookup per shard channel.
		this.topologyChanges = (this.cluster == null) ? Disposables.disposed()
				: Flux
					.merge(client.getResources().eventBus().get().filter(ClusterTopologyChangedEvent.class::isInstance),
							Flux.interval(RECONCILE_INTERVAL))
					.subscribe((tick) -> reconcile());
	}

	/** How often a cluster's shard channels are checked against the slot map. */
	static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Whether the mode resolves to sharded: {@code AUTO} on a cluster of Redis >= 7.
	 * @param mode the configured mode
	 * @param cluster whether the server is a cluster
	 * @param redisVersion {@code redis_version} of {@code INFO server}
	 */
	public static boolean sharded(Mode mode, boolean cluster, String redisVersion) {
		return switch (mode) {
			case PLAIN -> false;
			case SHARDED -> true;
			case AUTO -> cluster && majorVersion(redisVersion) >= 7;
		};
	}

	static int majorVersion(String version) {
		int dot = version.indexOf('.');
		try {
			return Integer.parseInt((dot < 0) ? version.strip() : version.substring(0, dot).strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** Whether topics with a slot use shard channels. */
	public boolean sharded() {
		return this.sharded;
	}

	/**
	 * The channel to use for {@code channel} (a name {@code <prefix>:<rest>}, or a prefix
	 * of names, e.g. {@code live:group:}) whose subject lives in the slot of
	 * {@code slotOf}'s hash tag: in sharded mode the tag goes after the prefix
	 * ({@code live:{c:42}:group:}), else the name is returned as it is, as it is when
	 * {@code slotOf} is null, has no tag, or the channel is empty (a script told not to
	 * publish).
	 * @param channel the plain channel name or prefix
	 * @param slotOf a key or a hash tag ({@code {c:42}}) naming the slot
	 */
	public String channel(String channel, @Nullable String slotOf) {
		return this.sharded ? tagged(channel, slotOf) : channel;
	}

	/** {@link #channel(String, String)} in sharded mode. */
	static String tagged(String channel, @Nullable String slotOf) {
		String tag = hashTag(slotOf);
		int colon = channel.indexOf(':');
		if (tag == null || colon < 0) {
			return channel;
		}
		return channel.substring(0, colon + 1) + tag + ":" + channel.substring(colon + 1);
	}

	/**
	 * A channel as {@link #channel(String, String)} named it, without its tag: what the
	 * subscriber knows it by.
	 */
	public static String untagged(String channel) {
		int colon = channel.indexOf(':');
		if (colon < 0 || channel.length() <= colon + 1 || channel.charAt(colon + 1) != '{') {
			return channel;
		}
		int end = channel.indexOf("}:", colon);
		return (end < 0) ? channel : channel.substring(0, colon + 1) + channel.substring(end + 2);
	}

	/** Whether the channel is a shard channel (it carries a hash tag). */
	public static boolean isShardChannel(String channel) {
		return hashTag(channel) != null;
	}

	/** The first {@code {...}} of a key or channel (with its braces), or null. */
	static @Nullable String hashTag(@Nullable String text) {
		if (text == null) {
			return null;
		}
		int open = text.indexOf('{');
		int close = (open < 0) ? -1 : text.indexOf('}', open + 1);
		return (close > open + 1) ? text.substring(open, close + 1) : null;
	}

	/** Subscribes: {@code SSUBSCRIBE} for a shard channel, else {@code SUBSCRIBE}. */
	public Mono<Void> subscribe(String channel) {
		if (isShardChannel(channel)) {
			return (this.cluster != null) ? Mono.fromCompletionStage(() -> ssubscribeOnOwner(channel))
					: Mono.fromCompletionStage(() -> this.connection.async().ssubscribe(channel));
		}
		return Mono.fromCompletionStage(() -> this.connection.async().subscribe(channel));
	}

	/**
	 * Subscribes a plain channel for the node's lifetime: a later
	 * {@link #unsubscribe(String)} of it (say, by the live hub when the last watcher of a
	 * topic on the same channel leaves) leaves it subscribed. Redis does not count
	 * subscriptions, so without this one unsubscribe would end every listener's.
	 */
	public Mono<Void> hold(String channel) {
		if (isShardChannel(channel)) {
			throw new IllegalArgumentException("Only a plain channel can be held: " + channel);
		}
		this.held.add(channel);
		return subscribe(channel);
	}

	/**
	 * Unsubscribes, unless the channel is {@linkplain #hold(String) held}. Fire and
	 * forget: it runs when the last watcher leaves, which must not wait for Redis.
	 */
	public void unsubscribe(String channel) {
		if (this.held.contains(channel)) {
			return;
		}
		if (isShardChannel(channel)) {
			String node = this.shardChannels.remove(channel);
			if (this.cluster == null) {
				this.connection.async().sunsubscribe(channel);
			}
			else if (node != null && !node.isEmpty()) {
				// An empty node: still subscribing, which unsubscribes once done.
				sunsubscribeOn(node, channel);
			}
		}
		else {
			this.connection.async().unsubscribe(channel);
		}
	}

	/** Publishes: {@code SPUBLISH} for a shard channel, else {@code PUBLISH}. */
	public Mono<Long> publish(String channel, String message) {
		return isShardChannel(channel) ? this.commands.spublish(channel, message)
				: this.commands.publish(channel, message);
	}

	/**
	 * Calls {@code listener} with (channel as published, message) for every message of a
	 * plain or shard channel subscribed here, on Lettuce's I/O thread.
	 */
	public void addListener(BiConsumer<String, String> listener) {
		this.connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String channel, String message) {
				listener.accept(channel, message);
			}

			@Override
			public void smessage(String channel, String message) {
				listener.accept(channel, message);
			}

		});
	}

	/**
	 * Runs {@code action} whenever a pub/sub connection (any node's, on a cluster) drops
	 * or connects again: messages may have been lost in between.
	 */
	public void onConnectionChange(Runnable action) {
		this.connectionListeners.add(action);
	}

	/**
	 * Runs {@code listener} with a shard channel once it is subscribed on its slot's new
	 * owner after a failover or a slot move: what was published there in between is lost,
	 * so a subscriber reads its state again.
	 */
	public void onShardChannelMoved(Consumer<String> listener) {
		this.moveListeners.add(listener);
	}

	/** Shard channels subscribed on this node now (for tests and ops). */
	public Set<String> shardChannels() {
		return Set.copyOf(this.shardChannels.keySet());
	}

	/**
	 * Subscribes every remembered shard channel whose slot has moved to another node on
	 * that node; the old node's connection (a dead master's) keeps nothing we rely on. A
	 * message delivered twice meanwhile is dropped by the subscriber's seq check.
	 */
	public void resubscribeShardChannels() {
		if (this.cluster == null) {
			return;
		}
		this.shardChannels.forEach((channel, node) -> {
			RedisClusterNode owner = owner(channel);
			if (owner != null && !owner.getNodeId().equals(node)) {
				ssubscribeOnOwner(channel)
					.thenRun(() -> this.moveListeners.forEach((listener) -> listener.accept(channel)))
					.exceptionally((ex) -> {
						logger.warn("Shard channel " + channel + " not subscribed again: " + ex.getMessage());
						return null;
					});
			}
		});
	}

	/**
	 * One pass of the reconcile loop. A pass that fails (a slot map being replaced, a
	 * node the client does not know yet) is logged and the next one tried a second later:
	 * an exception escaping into the loop would end it for good, and with it every later
	 * move of a shard channel.
	 */
	private void reconcile() {
		try {
			resubscribeShardChannels();
		}
		catch (RuntimeException ex) {
			logger.warn("Shard channels not reconciled with the slot map: {}", ex.toString());
		}
	}

	/**
	 * {@code SSUBSCRIBE} on the connection to the master that owns the channel's slot in
	 * the client's current slot map (explicitly, so it is known where each channel is
	 * subscribed and a moved slot is noticed).
	 */
	private CompletableFuture<Void> ssubscribeOnOwner(String channel) {
		RedisClusterNode owner = owner(channel);
		if (owner == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("No node owns " + channel));
		}
		this.shardChannels.putIfAbsent(channel, "");
		return clusterConnection().getConnectionAsync(owner.getNodeId())
			.thenCompose((nodeConnection) -> nodeConnection.async().ssubscribe(channel))
			// Remembered once subscribed: a failed attempt is retried at the next pass;
			// the last watcher may have left meanwhile.
			.thenRun(() -> {
				if (this.shardChannels.replace(channel, owner.getNodeId()) == null) {
					sunsubscribeOn(owner.getNodeId(), channel);
				}
			});
	}

	/**
	 * Fire and forget: a node that left the cluster took the subscription with it, which
	 * is no failure to report.
	 */
	private void sunsubscribeOn(String node, String channel) {
		try {
			clusterConnection().getConnectionAsync(node)
				.thenCompose((nodeConnection) -> nodeConnection.async().sunsubscribe(channel))
				.exceptionally((ex) -> {
					logger.debug("Unsubscribing {} on node {} failed: {}", channel, node, ex.toString());
					return null;
				});
		}
		catch (RuntimeException ex) {
			logger.debug("Unsubscribing {} on node {} failed: {}", channel, node, ex.toString());
		}
	}

	private @Nullable RedisClusterNode owner(String channel) {
		return this.cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
	}

	private StatefulRedisClusterPubSubConnection<String, String> clusterConnection() {
		return (StatefulRedisClusterPubSubConnection<String, String>) this.connection;
	}

	/** Stops following topology changes (the connections are closed by their beans). */
	public void close() {
		this.topologyChanges.dispose();
	}

	private void connectionChanged(RedisChannelHandler<?, ?> handler) {
		// Only pub/sub connections matter: the client's command and topology-refresh
		// connections coming and going lose no message. On a cluster each node's pub/sub
		// connection is its own handler.
		if (handler instanceof StatefulRedisPubSubConnection<?, ?>) {
			this.connectionListeners.forEach(Runnable::run);
			// A node that went away may have taken shard channels with it: if the slot
			// map already names another owner, move them now rather than at the next
			// topology event.
			reconcile();
		}
	}

}
