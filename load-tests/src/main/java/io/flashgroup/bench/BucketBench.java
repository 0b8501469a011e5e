package io.flashgroup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * The hot-sale figure at the Redis level: one flash sale's purchase script called by
 * {@code EVALSHA} on a Redis Cluster, with its stock in one bucket (K = 1, one hash tag,
 * one master) and then split into K buckets on K tags placed on different masters, each
 * shopper on their home bucket (CRC-32 of the user id mod K, as the server maps them).
 * The same driver, the same number of calls in flight, back to back: purchase-script
 * calls per second and their ratio, with each process's CPU over the window. Stock is
 * large enough that every call reserves (no fallover is measured: it only happens at the
 * end of a sale).
 * <p>
 * Usage: {@code BucketBench --nodes 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 --scripts
 * <dir of *.lua> [--buckets 3] [--seconds 10] [--warmup 2] [--in-flight 96] [--rounds 2]
 * [--redis-pids a,b,c]}
 */
public final class BucketBench {

	private static final String LIB = "campaign_lib.lua";

	private BucketBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path scripts = Path.of(options.getOrDefault("scripts", "../src/main/resources/scripts"));
		String body = read(scripts, LIB) + "\n" + read(scripts, "flash_sale_lib.lua") + "\n"
				+ read(scripts, "flash_sale_purchase.lua");
		int buckets = Integer.parseInt(options.getOrDefault("buckets", "3"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
		int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "96"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
		List<Long> redisPids = new ArrayList<>();
		for (String pid : options.getOrDefault("redis-pids", "").split(",")) {
			if (!pid.isBlank()) {
				redisPids.add(Long.parseLong(pid.trim()));
			}
		}
		List<RedisURI> nodes = new ArrayList<>();
		for (String node : options.get("nodes").split(",")) {
			String[] hostPort = node.split(":");
			nodes.add(RedisURI.create(hostPort[0], Integer.parseInt(hostPort[1])));
		}
		RedisClusterClient client = RedisClusterClient.create(nodes);
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			Partitions partitions = connection.getPartitions();
			String sha = null;
			for (RedisClusterNode node : partitions) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					sha = connection.getConnection(node.getNodeId()).sync().scriptLoad(body);
				}
			}
			long single = saleOn(partitions, 1, 1_000_000);
			long split = saleOn(partitions, buckets, single + 1);
			System.out.printf(Locale.ROOT, "sale %d (K = 1) on master %s; sale %d (K = %d) on masters %s%n", single,
					masters(partitions, single, 1), split, buckets, masters(partitions, split, buckets));
			double[] totals = new double[2];
			double[] perCore = new double[2];
			// One short unmeasured pass of each first: JIT and connections warm for both.
			for (int k : new int[] { 1, buckets }) {
				long sale = (k == 1) ? single : split;
				setUp(connection, sale, k);
				run(connection.async(), sha, sale, k, 2, 1, inFlight, redisPids);
				tearDown(connection, sale, k);
			}
			for (int round = 1; round <= rounds; round++) {
				for (int k : new int[] { 1, buckets }) {
					long sale = (k == 1) ? single : split;
					setUp(connection, sale, k);
					Result result = run(connection.async(), sha, sale, k, seconds, warmup, inFlight, redisPids);
					tearDown(connection, sale, k);
					totals[(k == 1) ? 0 : 1] += result.perSecond();
					perCore[(k == 1) ? 0 : 1] += result.perRedisCore();
					System.out.printf(Locale.ROOT,
							"round %d K = %d: %,.0f purchase-script calls/s (%d errors), %,.0f per Redis core-second; %s%n",
							round, k, result.perSecond(), result.errors(), result.perRedisCore(), result.cpu());
				}
			}
			System.out.printf(Locale.ROOT, "K = %d vs K = 1: %.2f x (mean of %d round(s): %,.0f vs %,.0f calls/s)%n",
					buckets, totals[1] / totals[0], rounds, totals[1] / rounds, totals[0] / rounds);
			if (perCore[0] > 0) {
				System.out.printf(Locale.ROOT,
						"calls per Redis core-second, K = %d vs K = 1: %,.0f vs %,.0f (%.2f x): with a core per master, "
								+ "K = %d would reach about %.2f x K = 1 at the same per-core cost%n",
						buckets, perCore[1] / rounds, perCore[0] / rounds, perCore[1] / perCore[0], buckets,
						Math.min(buckets, partitionsCount(options)) * perCore[1] / perCore[0]);
			}
		}
		finally {
			client.shutdown();
		}
	}

	private static int partitionsCount(Map<String, String> options) {
		return options.get("nodes").split(",").length;
	}

	/** The first sale id from {@code from} whose K tags sit on K different masters. */
	private static long saleOn(Partitions partitions, int buckets, long from) {
		for (long id = from;; id++) {
			Set<String> masters = new HashSet<>(masters(partitions, id, buckets));
			if (masters.size() == Math.min(buckets, partitions.size())) {
				return id;
			}
		}
	}

	private static List<String> masters(Partitions partitions, long id, int buckets) {
		List<String> masters = new ArrayList<>();
		for (int k = 0; k < buckets; k++) {
			RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(tag(id, k)));
			masters.add(node.getUri().getPort() + "");
		}
		return masters;
	}

	private static String tag(long id, int bucket) {
		return "{c:" + ((bucket == 0) ? Long.toString(id) : id + "." + bucket) + "}";
	}

	private static String[] keys(long id, int bucket) {
		String tag = tag(id, bucket);
		return new String[] { tag + ":state", tag + ":buyers", tag + ":orders", tag + ":idem", tag + ":outbox",
				tag + ":timers" };
	}

	/** Each bucket's state as the create script writes it, with stock no run sells. */
	private static void setUp(StatefulRedisClusterConnection<String, String> connection, long id, int buckets) {
		long now = System.currentTimeMillis();
		for (int k = 0; k < buckets; k++) {
			Map<String, String> state = new LinkedHashMap<>();
			state.put("kind", "FLASH_SALE");
			state.put("startsAt", Long.toString(now - 3_600_000));
			state.put("endsAt", Long.toString(now + 3_600_000));
			state.put("sold", "0");
			state.put("paid", "0");
			state.put("cancelled", "0");
			state.put("seq", "0");
			state.put("id", Long.toString(id));
			state.put("stock", "100000000");
			state.put("currency", "EUR");
			state.put("perUserLimit", "1000");
			state.put("payWindowMs", "600000");
			state.put("price", "1999");
			state.put("bucket", Integer.toString(k));
			if (k == 0 && buckets > 1) {
				state.put("buckets", Integer.toString(buckets));
				state.put("totalStock", Long.toString(100_000_000L * buckets));
			}
			connection.sync().hset(keys(id, k)[0], state);
		}
	}

	private static void tearDown(StatefulRedisClusterConnection<String, String> connection, long id, int buckets) {
		for (int k = 0; k < buckets; k++) {
			for (String key : keys(id, k)) {
				connection.sync().del(key);
			}
		}
	}

	private static Result run(RedisAdvancedClusterAsyncCommands<String, String> redis, String sha, long id,
			int buckets, int seconds, int warmup, int inFlight, List<Long> redisPids) throws InterruptedException {
		long start = System.nanoTime();
		long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
		long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
		AtomicLong counted = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		CountDownLatch done = new CountDownLatch(inFlight);
		String channel = "live:flash-sale:" + id;
		Cpu[] before = new Cpu[1];
		Thread.ofPlatform().start(() -> {
			try {
				Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			before[0] = Cpu.now(redisPids);
		});
		for (int i = 0; i < inFlight; i++) {
			call(redis, sha, id, buckets, channel, measureFrom, end, counted, errors, done);
		}
		done.await(seconds + warmup + 30L, TimeUnit.SECONDS);
		Cpu after = Cpu.now(redisPids);
		double elapsed = (double) (System.nanoTime() - measureFrom) / TimeUnit.SECONDS.toNanos(1);
		return new Result(counted.get() / (double) seconds, errors.get(), after.since(before[0], elapsed),
				after.redisCores(before[0], elapsed));
	}

	/** One call; its completion sends the next until the window closes. */
	private static void call(RedisAdvancedClusterAsyncCommands<String, String> redis, String sha, long id,
			int buckets, String channel, long measureFrom, long end, AtomicLong counted, AtomicLong errors,
			CountDownLatch done) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String user = "u" + random.nextInt(10_000_000);
		int home = home(user, buckets);
		redis
			.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys(id, home), orderId(random), user, "1",
					"k" + random.nextLong(), (home == 0) ? channel : "")
			.whenComplete((reply, failure) -> {
				long now = System.nanoTime();
				if (failure != null || !"RESERVED".equals(String.valueOf(reply.get(0)))) {
					errors.incrementAndGet();
				}
				else if (now >= measureFrom && now < end) {
					counted.incrementAndGet();
				}
				if (now < end) {
					call(redis, sha, id, buckets, channel, measureFrom, end, counted, errors, done);
				}
				else {
					done.countDown();
				}
			});
	}

	/** A UUIDv7-shaped order id without SecureRandom (the driver must not be the limit). */
	private static String orderId(ThreadLocalRandom random) {
		return new UUID((System.currentTimeMillis() << 16) | 0x7000L | random.nextLong(0x1000),
				0x8000_0000_0000_0000L | (random.nextLong() >>> 2))
			.toString();
	}

	/** As the server maps a shopper: CRC-32 of the user id's UTF-8 bytes, mod K. */
	private static int home(String user, int buckets) {
		CRC32 crc = new CRC32();
		crc.update(user.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % buckets);
	}

	private static String read(Path dir, String file) throws IOException {
		return Files.readString(dir.resolve(file));
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	/**
	 * A window's figures; {@code redisCores} is the Redis processes' CPU over it in cores
	 * (0 without their PIDs).
	 */
	private record Result(double perSecond, long errors, String cpu, double redisCores) {

		double perRedisCore() {
			return (this.redisCores > 0) ? this.perSecond / this.redisCores : 0;
		}

	}


	/** CPU seconds used so far by each Redis process and by this driver. */
	private record Cpu(List<Long> pids, List<Double> redis, double driver) {

		static Cpu now(List<Long> pids) {
			List<Double> redis = new ArrayList<>();
			for (long pid : pids) {
				redis.add(seconds(pid));
			}
			double driver = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime() / 1e9;
			return new Cpu(pids, redis, driver);
		}

		/** utime + stime of a process from {@code /proc/<pid>/stat}, at 100 ticks/s. */
		private static double seconds(long pid) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
			}
			catch (IOException | RuntimeException ex) {
				return 0;
			}
		}

		double redisCores(Cpu before, double elapsed) {
			double total = 0;
			for (int i = 0; i < this.redis.size(); i++) {
				total += (this.redis.get(i) - before.redis.get(i)) / elapsed;
			}
			return total;
		}

		String since(Cpu before, double elapsed) {
			StringBuilder text = new StringBuilder("CPU over the window (% of one core): ");
			double total = 0;
			for (int i = 0; i < this.redis.size(); i++) {
				double share = 100 * (this.redis.get(i) - before.redis.get(i)) / elapsed;
				total += share;
				text.append(String.format(Locale.ROOT, "redis %d %.0f%%, ", this.pids.get(i), share));
			}
			double driver = 100 * (this.driver - before.driver) / elapsed;
			return text
				.append(String.format(Locale.ROOT, "driver %.0f%%; all %.0f%% of %d cores", driver, total + driver,
						Runtime.getRuntime().availableProcessors()))
				.toString();
		}

	}

}
