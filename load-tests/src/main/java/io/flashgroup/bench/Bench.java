package io.flashgroup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.Histogram;

/**
 * Measures every figure of the performance table side by side against one running server and
 * prints the table. Started by {@code load-tests/bench.sh}, which also builds and starts the
 * server and figure 0's bare server. HTTP figures are driven by wrk ({@link Wrk}); this driver
 * prepares them (tokens, sales, the circle seed), runs what no standard tool does (the
 * WebSocket fan-out, the flusher's drain, the audits) and writes the table ({@link Table}).
 */
public final class Bench {

	private static final String PING = "/api/bench/ping";

	private final Options options;

	private final Api api;

	private final Tokens tokens;

	private final Wrk wrk;

	private final Path shoppers;

	private final Table table;

	private Bench(Options options) {
		this.options = options;
		this.tokens = new Tokens(options.hmacSecret());
		this.api = new Api(options.baseUrl(), this.tokens);
		this.wrk = new Wrk(options);
		this.table = new Table(options.wrkThreads());
		String[] shoppers = new String[options.shoppers()];
		Arrays.setAll(shoppers, (i) -> this.tokens.mint("bench-shopper-" + i, "SHOPPER"));
		this.shoppers = this.wrk.file("shoppers", Arrays.asList(shoppers));
	}

	public static void main(String[] args) throws IOException {
		Options options = Options.parse(args);
		Bench bench = new Bench(options);
		String table = bench.run();
		System.out.println();
		System.out.println(table);
		if (!options.out().isEmpty()) {
			Files.writeString(Path.of(options.out()), table);
			System.out.println("Written to " + options.out());
		}
		System.exit(bench.table.invariantsHold() ? 0 : 1);
	}

	private String run() {
		// Beside each figure's own warm-up, a longer one for each framework before its first
		// figure: under this load C2 compiles the server's request path for about a minute,
		// and its first rounds read 2-4 x lower (full run: 30 s each; --quick: 2 s).
		Duration warmUp = this.options.quick() ? this.options.warmUp() : this.options.warmUp().multipliedBy(6);
		if (this.options.wants(0) && !this.options.bareUrl().isEmpty()) {
			log("0. Bare Reactor Netty, a constant answer: " + this.options.bareUrl());
			LoadResult bare = this.wrk.measure("bare", this.options.bareUrl(), ping());
			this.table.bare(bare);
			this.table.http("0. Bare Reactor Netty (constant `{\"ok\":true}`, same request as 1)", bare,
					"the machine's HTTP limit; ");
		}
		if (this.options.wants(0) && !this.options.bareWebFluxUrl().isEmpty()) {
			log("0b. Bare Spring WebFlux, the ping's controller alone: " + this.options.bareWebFluxUrl());
			this.wrk.run("warm-up", this.options.bareWebFluxUrl(), warmUp, ping());
			LoadResult webFlux = this.wrk.measure("bare-webflux", this.options.bareWebFluxUrl(), ping());
			this.table.http("0b. Bare Spring WebFlux (the ping's controller and JSON; no Boot, security or filters)",
					webFlux, "the framework's floor; ");
		}
		log("Warming up the server (JIT, connection pools)");
		this.wrk.run("warm-up", this.options.baseUrl(), warmUp, ping());
		this.wrk.run("warm-up", this.options.baseUrl(), warmUp, purchase(this.api.createLiveSale(10_000_000, 1_000)));
		if (this.options.wants(1)) {
			log("1. Framework ceiling: GET " + PING);
			LoadResult ping = this.wrk.measure("ping", this.options.baseUrl(), ping());
			this.table.ping(ping);
			this.table.http("1. Authenticated ping (`GET /api/bench/ping`), the framework's ceiling", ping, "");
		}
		LoadResult purchases = this.options.wants(2) ? purchases() : null;
		if (this.options.wants(3)) {
			naive(purchases);
		}
		if (this.options.wants(4)) {
			redis();
		}
		if (this.options.wants(5)) {
			this.options.watchers().forEach(this::fanOut);
		}
		if (this.options.wants(6)) {
			flusher();
		}
		if (this.options.wants(7)) {
			log("7. Shopping circle: feed, search, claims");
			for (CircleFigures.Row row : new CircleFigures(this.options, this.api, this.tokens, this.wrk)
				.run(this.table.ping())) {
				this.table.http(row.figure(), row.result(), row.notes());
			}
		}
		String title = "Flashgroup benchmark, %s, %s, %d cores, Java %s, %s mode, wrk %d threads %d connections, %d s per HTTP figure after %d s of warm-up"
			.formatted(LocalDate.now(), host(), Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.version"), this.options.quick() ? "quick" : "full",
					this.options.wrkThreads(), this.options.concurrency(), this.options.duration().toSeconds(),
					this.options.warmUp().toSeconds());
		return this.table.render(title);
	}

	/** Figures 2 to 2d. */
	private LoadResult purchases() {
		log("2. Purchase path");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		LoadResult purchases = this.wrk.measure("purchase", this.options.baseUrl(), purchase(saleId));
		double drain = waitForDrain(saleId);
		this.table.http("2. Purchase (`POST /api/flash-sales/{id}/purchases`)", purchases,
				"outbox drained %.1f s after the load; ".formatted(drain));
		audit("purchase sale", saleId);

		long soldOutSale = this.api.createLiveSale(1, 1);
		LoadResult soldOut = this.wrk.measure("sold-out", this.options.baseUrl(), purchase(soldOutSale));
		this.table.http("2b. Purchase when sold out (node-local flag)", soldOut, "");
		audit("sold-out sale", soldOutSale);

		// The page loads of a promotion: the sale just bought from, and the campaign list.
		LoadResult read = this.wrk.measure("campaign read", this.options.baseUrl(),
				Wrk.Load.get("/api/flash-sales/" + saleId, this.shoppers));
		this.table.http("2c. Campaign read (`GET /api/flash-sales/{id}`, same auth)", read,
				"the node's held view (target ≥ 0.9 x ping); ");
		LoadResult list = this.wrk.measure("campaign list", this.options.baseUrl(),
				Wrk.Load.get("/api/campaigns", this.shoppers));
		this.table.http("2d. Campaign list (`GET /api/campaigns`, same auth)", list,
				"JSON bytes re-read at most every 100 ms; ");
		return purchases;
	}

	private void naive(LoadResult purchases) {
		log("3. Naive PostgreSQL row lock");
		long naiveSale = this.api.createNaiveSale(10_000_000);
		LoadResult naive = this.wrk.measure("naive", this.options.baseUrl(),
				Wrk.Load.post("/api/bench/pg-sales/" + naiveSale + "/purchases", this.shoppers, "none", null));
		this.table.http("3. Naive purchase, PostgreSQL row lock (one hot row)", naive, (purchases != null)
				? "purchase is %.1f x this; ".formatted(purchases.throughput() / naive.throughput()) : "");
	}

	private void redis() {
		log("4. Redis ceiling: redis-benchmark EVALSHA of the purchase script");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		this.wrk.run("script warm-up", this.options.baseUrl(), Duration.ofSeconds(1), purchase(saleId));
		JsonNode target = this.api.redisTarget(saleId);
		double[] result = RedisBenchmark.run(this.options.redisBenchmark(), target, this.options.redisRequests(),
				this.options.concurrency());
		if (result == null) {
			this.table.other("4. Redis ceiling (redis-benchmark EVALSHA)", "n/a", "", "", Double.NaN,
					"redis-benchmark not installed");
			return;
		}
		this.table.other("4. Redis ceiling (`redis-benchmark` EVALSHA purchase script)",
				"%,.0f/s".formatted(result[0]), "%.2f ms".formatted(result[1]), "%.2f ms".formatted(result[2]),
				Double.NaN, "%d clients, %,d calls, no HTTP".formatted(this.options.concurrency(),
						this.options.redisRequests()));
	}

	/**
	 * Figure 5: the watchers are this JVM's ({@link WatcherFleet}); the rush that changes the
	 * sale is a paced wrk beside it, so the client CPU column is the watchers' own.
	 */
	private void fanOut(int watchers) {
		log("5. Live fan-out: " + watchers + " WebSocket watchers on one topic during a rush");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		long heapBefore = this.api.serverHeapBytes();
		// Connections enough to hold the rate even when a busy server answers in 100 ms.
		Wrk.Load rush = purchase(saleId).paced(this.options.watcherRushRate()).connections(32);
		try (WatcherFleet fleet = new WatcherFleet(this.options.baseUrl(), "flash-sale:" + saleId)) {
			long started = System.nanoTime();
			long connected = fleet.connect(watchers, 200);
			double connectSeconds = (System.nanoTime() - started) / 1e9;
			log("   %d watchers subscribed in %.1f s; rush for %d s".formatted(connected, connectSeconds,
					this.options.watchDuration().toSeconds()));
			this.wrk.run("rush warm-up", this.options.baseUrl(), this.options.warmUp(), rush);
			fleet.reset();
			long cpuBefore = processCpuNanos();
			long wallBefore = System.nanoTime();
			// A paced rush: enough purchases to change the state in every conflation interval,
			// without the purchase path taking the CPU the fan-out is measured on.
			LoadResult during = this.wrk.run("rush", this.options.baseUrl(), this.options.watchDuration(), rush);
			double watcherCpu = (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore)
					/ Runtime.getRuntime().availableProcessors();
			long heapWith = this.api.serverHeapBytes();
			Histogram delivery = fleet.delivery();
			this.table.other("5. Live fan-out, %,d watchers (delivery latency)".formatted(connected),
					"%,d msgs".formatted(fleet.messages()), "%d ms".formatted(delivery.getValueAtPercentile(50)),
					"%d ms".formatted(delivery.getValueAtPercentile(99)), watcherCpu,
					("watchers' JVM (client CPU column); max %d ms; %.1f updates per watcher per second; %d dropped; "
							+ "rush %,.0f purchases/s paced by wrk (its CPU %.0f%%); server heap %d MB before, %d MB with watchers")
						.formatted(delivery.getMaxValue(),
								fleet.messages() / (double) Math.max(1, connected)
										/ this.options.watchDuration().toSeconds(),
								fleet.dropped(), during.throughput(), 100 * during.clientCpu(), heapBefore >> 20,
								heapWith >> 20));
		}
		audit("fan-out sale", saleId);
	}

	private void flusher() {
		log("6. Flusher: backlog built with the flusher paused, then drained");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		this.api.flusher(false);
		try {
			this.wrk.run("backlog", this.options.baseUrl(), this.options.duration().dividedBy(2), purchase(saleId));
		}
		finally {
			this.api.flusher(true);
		}
		long backlog = this.api.outboxEntries(saleId);
		long started = System.nanoTime();
		double seconds = poll(() -> this.api.outboxEntries(saleId), started);
		double rate = backlog / seconds;
		JsonNode ceiling = this.api.insertCeiling(saleId, 500);
		double ceilingRate = ceiling.path("rowsPerSecond").asDouble();
		this.table.other("6. Flusher (outbox → PostgreSQL)", "%,.0f orders/s".formatted(rate), "", "", Double.NaN,
				"%,d orders drained in %.2f s; plain multi-row insert of the same rows %,.0f rows/s → %.2f x ceiling"
					.formatted(backlog, seconds, ceilingRate, rate / ceilingRate));
		audit("flusher sale", saleId);
	}

	private double waitForDrain(long saleId) {
		return poll(() -> this.api.outboxEntries(saleId), System.nanoTime());
	}

	/** Seconds until {@code entries} reads zero (polled every 20 ms, at most two minutes). */
	private static double poll(LongSupplier entries, long started) {
		long deadline = started + Duration.ofMinutes(2).toNanos();
		while (entries.getAsLong() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("outbox did not drain within two minutes");
			}
			pause(20);
		}
		return (System.nanoTime() - started) / 1e9;
	}

	private void audit(String what, long saleId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		JsonNode report = this.api.audit(saleId);
		while (!report.path("agrees").asBoolean() && System.nanoTime() < deadline) {
			pause(200);
			report = this.api.audit(saleId);
		}
		boolean ok = report.path("agrees").asBoolean() && report.path("invariants").path("noOversell").asBoolean()
				&& report.path("invariants").path("heldMatchesSold").asBoolean();
		this.table.invariant("%s %s %d: stock %d, sold %d, PostgreSQL orders %s%s".formatted(ok ? "ok" : "VIOLATED",
				what, saleId, report.path("stock").asLong(), report.path("redis").path("sold").asLong(),
				report.path("postgres").path("orders"), ok ? "" : ", differences " + report.path("differences")));
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long processCpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private Wrk.Load ping() {
		return Wrk.Load.get(PING, this.shoppers);
	}

	/** One unit per request, a new Idempotency-Key each ({@link Wrk} makes them unique per run). */
	private Wrk.Load purchase(long saleId) {
		return Wrk.Load.post("/api/flash-sales/" + saleId + "/purchases", this.shoppers, "unique:bench-" + saleId,
				"{\"quantity\":1}");
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "localhost";
		}
	}

	private static void log(String message) {
		System.out.println("[bench] " + message);
	}

}
