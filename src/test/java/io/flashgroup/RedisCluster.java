package io.flashgroup;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis Cluster for the {@code *ClusterIntegrationTests}: 3 masters and 3 replicas
 * on free loopback ports, each in its own temp dir with AOF on, started once per JVM and
 * stopped by a shutdown hook. The binary is a {@code redis-server} >= 7 from the PATH
 * when there is one, else embedded-redis's bundled 6.2 (cluster works, sharded pub/sub
 * does not: see {@link #shardedPubSub()}). The cluster is formed with {@code CLUSTER
 * MEET}, {@code ADDSLOTS} and {@code REPLICATE} through Lettuce, so it needs no
 * {@code redis-cli}. Tests may kill a master and wait for its replica to take over; the
 * killed node can be restarted and rejoins as a replica.
 */
public final class RedisCluster {

	private static final int MASTERS = 3;

	private static final Duration FORM_DEADLINE = Duration.ofSeconds(60);

	private static RedisCluster instance;

	private final File binary;

	private final int majorVersion;

	private final Map<Integer, Process> processes = new LinkedHashMap<>();

	private final Map<Integer, Path> dirs = new LinkedHashMap<>();

	private final Map<Integer, Integer> killedSlots = new LinkedHashMap<>();

	private final RedisClient admin = RedisClient.create();

	private RedisCluster(File binary, int majorVersion) {
		this.binary = binary;
		this.majorVersion = majorVersion;
	}

	/** The JVM's one cluster, formed and in sync on return. */
	public static synchronized RedisCluster start() {
		if (instance == null) {
			File onPath = EmbeddedServices.redisOnPath();
			try {
				File binary = (onPath != null) ? onPath : ExecutableProvider.newJarResourceProvider().get();
				RedisCluster cluster = new RedisCluster(binary,
						(onPath != null) ? EmbeddedServices.majorVersion(onPath) : 6);
				Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
				cluster.form();
				instance = cluster;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start a Redis cluster", ex);
			}
		}
		return instance;
	}

	/**
	 * Spring properties that point the application at this cluster and at the JVM's
	 * embedded PostgreSQL (no {@code spring.data.redis.host}: the cluster nodes win).
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>(EmbeddedServices.start().properties());
		properties.remove("spring.data.redis.host");
		properties.remove("spring.data.redis.port");
		properties.put("spring.data.redis.cluster.nodes",
				nodes().stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
		properties.put("flashgroup.redis.topology-refresh-period", "2s");
		return properties;
	}

	/** Ports of every node started, alive or killed. */
	public List<Integer> nodes() {
		return List.copyOf(this.processes.keySet());
	}

	/** Ports of the nodes alive now. */
	public List<Integer> aliveNodes() {
		return this.processes.entrySet()
			.stream()
			.filter((node) -> node.getValue().isAlive())
			.map(Map.Entry::getKey)
			.toList();
	}

	/** Ports of the masters that own slots, as a live node sees them now. */
	public List<Integer> masters() {
		return clusterNodes().stream()
			.filter((node) -> node.master() && !node.failed() && !node.slots().isEmpty())
			.map(ClusterNode::port)
			.sorted()
			.toList();
	}

	/** The port of the master owning the key's slot now. */
	public int masterFor(String key) {
		return masterForSlot(SlotHash.getSlot(key));
	}

	/** The port of the master owning the slot now. */
	public int masterForSlot(int slot) {
		return clusterNodes().stream()
			.filter((node) -> node.master() && !node.failed() && node.owns(slot))
			.map(ClusterNode::port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master owns slot " + slot));
	}

	/** The replica of a master, as a live node sees it now. */
	public int replicaOf(int masterPort) {
		List<ClusterNode> nodes = clusterNodes();
		String masterId = nodes.stream().filter((node) -> node.port() == masterPort).findFirst().orElseThrow().id();
		return nodes.stream()
			.filter((node) -> masterId.equals(node.masterId()) && !node.failed())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No replica of " + masterPort))
			.port();
	}

	/** Whether this Redis has sharded pub/sub ({@code SSUBSCRIBE}, Redis >= 7). */
	public boolean shardedPubSub() {
		return this.majorVersion >= 7;
	}

	public String version() {
		return this.binary + " (" + this.majorVersion + ")";
	}

	/**
	 * Kills a master with SIGKILL (its AOF has what {@code everysec} wrote); returns a
	 * slot it owned, for {@link #awaitFailover}.
	 */
	public int killMaster(int port) {
		int slot = clusterNodes().stream()
			.filter((node) -> node.port() == port && node.master() && !node.slots().isEmpty())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(port + " is not a master owning slots"))
			.slots()
			.get(0)[0];
		this.killedSlots.put(port, slot);
		Process process = this.processes.get(port);
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return slot;
	}

	/**
	 * Waits until another node owns the slots the killed master {@code port} owned and
	 * every live node reports {@code cluster_state:ok}; the new master's port.
	 */
	public int awaitFailover(int port, Duration deadline) {
		int slot = this.killedSlots.get(port);
		return poll(deadline, "failover of " + port, () -> {
			try {
				int owner = masterForSlot(slot);
				return (owner != port && aliveNodes().stream().allMatch(this::clusterOk)) ? owner : null;
			}
			catch (IllegalStateException ex) {
				return null;
			}
		});
	}

	/**
	 * Starts a killed node again on its port and dir (its {@code nodes.conf} brings it
	 * back into the cluster, as a replica once its master failed over); waits until the
	 * cluster is ok and every replica is in sync.
	 */
	public void restart(int port) {
		if (this.processes.get(port).isAlive()) {
			return;
		}
		launch(port);
		poll(FORM_DEADLINE, "every node sees " + port + " back",
				() -> aliveNodes().stream()
					.allMatch((node) -> on(node, RedisCommands::clusterNodes).lines()
						.map(ClusterNode::parse)
						.anyMatch((seen) -> seen.port() == port && !seen.failed())) ? true : null);
		awaitSettled();
	}

	/**
	 * Moves a slot, keys and all, to another master the way {@code redis-cli --cluster
	 * reshard} does ({@code SETSLOT IMPORTING/MIGRATING}, {@code MIGRATE}, {@code SETSLOT
	 * NODE} on every master), so clients holding the old slot map get {@code MOVED}.
	 */
	public void moveSlot(int slot, int targetPort) {
		int source = masterForSlot(slot);
		if (source == targetPort) {
			return;
		}
		String sourceId = on(source, RedisCommands::clusterMyId);
		String targetId = on(targetPort, RedisCommands::clusterMyId);
		on(targetPort, (redis) -> redis.clusterSetSlotImporting(slot, sourceId));
		on(source, (redis) -> redis.clusterSetSlotMigrating(slot, targetId));
		List<String> keys = on(source, (redis) -> redis.clusterGetKeysInSlot(slot, 1000));
		while (!keys.isEmpty()) {
			List<String> batch = keys;
			on(source, (redis) -> redis.migrate("127.0.0.1", targetPort, 0, 5000,
					io.lettuce.core.MigrateArgs.Builder.keys(batch)));
			keys = on(source, (redis) -> redis.clusterGetKeysInSlot(slot, 1000));
		}
		for (int master : masters()) {
			on(master, (redis) -> redis.clusterSetSlotNode(slot, targetId));
		}
		poll(FORM_DEADLINE, "every node sees slot " + slot + " on " + targetPort,
				() -> aliveNodes().stream()
					.allMatch((node) -> on(node, RedisCommands::clusterNodes).lines()
						.map(ClusterNode::parse)
						.anyMatch((seen) -> seen.port() == targetPort && seen.owns(slot))) ? true : null);
	}

	/** Waits until every live node is ok and every live replica's link is up. */
	public void awaitSettled() {
		poll(FORM_DEADLINE, "cluster settled", () -> aliveNodes().stream().allMatch(this::settled) ? true : null);
	}

	/** One command on one node, for tests (the connection is closed after). */
	public <T> T on(int port, Function<RedisCommands<String, String>, T> command) {
		try (StatefulRedisConnection<String, String> connection = this.admin
			.connect(RedisURI.create("127.0.0.1", port))) {
			connection.setTimeout(Duration.ofSeconds(5));
			return command.apply(connection.sync());
		}
	}

	private void form() throws IOException {
		for (int i = 0; i < 2 * MASTERS; i++) {
			launch(freeClusterPort());
		}
		List<Integer> ports = nodes();
		for (int port : ports) {
			on(ports.get(0), (redis) -> redis.clusterMeet("127.0.0.1", port));
		}
		for (int i = 0; i < MASTERS; i++) {
			int[] slots = IntStream.range(i * SlotHash.SLOT_COUNT / MASTERS, (i + 1) * SlotHash.SLOT_COUNT / MASTERS)
				.toArray();
			on(ports.get(i), (redis) -> redis.clusterAddSlots(slots));
		}
		poll(FORM_DEADLINE, "every node meets every other",
				() -> ports.stream()
					.allMatch((port) -> on(port, RedisCommands::clusterNodes).lines().count() == ports.size()) ? true
							: null);
		for (int i = 0; i < MASTERS; i++) {
			String masterId = on(ports.get(i), RedisCommands::clusterMyId);
			on(ports.get(MASTERS + i), (redis) -> redis.clusterReplicate(masterId));
		}
		awaitSettled();
	}

	private boolean settled(int port) {
		if (!clusterOk(port)) {
			return false;
		}
		String replication = on(port, (redis) -> redis.info("replication"));
		return replication.contains("role:master")
				|| replication.contains("master_link_status:up") && !replication.contains("master_sync_in_progress:1");
	}

	private boolean clusterOk(int port) {
		try {
			String info = on(port, RedisCommands::clusterInfo);
			return info.contains("cluster_state:ok") && info.contains("cluster_slots_assigned:16384")
					&& info.contains("cluster_known_nodes:" + this.processes.size());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void launch(int port) {
		try {
			Path dir = this.dirs.computeIfAbsent(port, (p) -> tempDir(p));
			List<String> config = List.of("port " + port, "bind 127.0.0.1", "protected-mode no", "daemonize no",
					"dir " + dir, "logfile " + dir.resolve("redis.log"), "cluster-enabled yes",
					"cluster-config-file nodes.conf", "cluster-node-timeout 1500", "cluster-announce-ip 127.0.0.1",
					"cluster-replica-validity-factor 0", "appendonly yes", "appendfsync everysec", "save \"\"",
					"repl-diskless-sync yes", "repl-diskless-sync-delay 0");
			Path conf = dir.resolve("redis.conf");
			Files.write(conf, config, StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(this.binary.getPath(), conf.toString())
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			this.processes.put(port, process);
			poll(Duration.ofSeconds(10), "node " + port + " answers", () -> {
				try {
					return "PONG".equals(on(port, RedisCommands::ping)) ? true : null;
				}
				catch (RuntimeException ex) {
					return null;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path tempDir(int port) {
		try {
			return Files.createTempDirectory("flashgroup-cluster-" + port + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void stop() {
		this.processes.values().forEach(Process::destroyForcibly);
		for (Process process : this.processes.values()) {
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.admin.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		for (Path dir : this.dirs.values()) {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
			catch (IOException ex) {
				// the temp dir stays; nothing else to do while the JVM exits
			}
		}
	}

	/** CLUSTER NODES as a live node sees it. */
	private List<ClusterNode> clusterNodes() {
		for (int port : aliveNodes()) {
			try {
				return on(port, RedisCommands::clusterNodes).lines().map(ClusterNode::parse).toList();
			}
			catch (RuntimeException ex) {
				// try the next node
			}
		}
		throw new IllegalStateException("No cluster node answers");
	}

	private static <T> T poll(Duration deadline, String what, Supplier<T> check) {
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			T value = check.get();
			if (value != null) {
				return value;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Timed out waiting for " + what);
	}

	/** A port whose cluster bus port (+10000) is free as well. */
	private static int freeClusterPort() throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 55000);
			if (free(port) && free(port + 10000)) {
				return port;
			}
		}
		throw new IOException("No free port pair for a cluster node");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * One line of {@code CLUSTER NODES}: id, port, flags, the master's id for a replica,
	 * slot ranges for a master.
	 */
	record ClusterNode(String id, int port, boolean master, boolean failed, String masterId, List<int[]> slots) {

		static ClusterNode parse(String line) {
			String[] fields = line.split(" ");
			String address = fields[1];
			int port = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
			String flags = fields[2];
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				if (fields[i].startsWith("[")) {
					continue;
				}
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0]);
				slots.add(new int[] { from, (range.length > 1) ? Integer.parseInt(range[1]) : from });
			}
			return new ClusterNode(fields[0], port, flags.contains("master"), flags.contains("fail"), fields[3], slots);
		}

		boolean owns(int slot) {
			return this.slots.stream().anyMatch((range) -> range[0] <= slot && slot <= range[1]);
		}

	}

}
