package io.flashgroup.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import org.HdrHistogram.Histogram;

/**
 * Measures every figure of the performance table side by side against one running server,
 * with one client and one concurrency, and prints the table. Started by
 * {@code load-tests/bench.sh}, which also builds and starts the server.
 */
public final class Bench {

	private final Options options;

	private final Api api;

	private final Tokens tokens;

	private final String[] shoppers;

	private final List<String[]> rows = new ArrayList<>();

	private final List<String> invariants = new ArrayList<>();

	private Bench(Options options) {
		this.options = options;
		Tokens tokens = new Tokens(options.hmacSecret());
		this.tokens = tokens;
		this.api = new Api(options.baseUrl(), tokens);
		this.shoppers = new String[options.shoppers()];
		for (int i = 0; i < this.shoppers.length; i++) {
			this.shoppers[i] = tokens.mint("bench-shopper-" + i, "SHOPPER");
		}
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
		System.exit(bench.invariants.stream().allMatch((line) -> line.startsWith("ok")) ? 0 : 1);
	}

	private String run() {
		log("Warming up (JIT, connection pools)");
		try (HttpLoad load = new HttpLoad(this.options.baseUrl(), this.options.concurrency())) {
			Duration warmUp = Duration.ofSeconds(this.options.quick() ? 3 : 10);
			load.run("warm-up", warmUp, ping());
			load.run("warm-up", warmUp, purchase(this.api.createLiveSale(10_000_000, 1_000)));

			LoadResult ceiling = null;
			if (this.options.wants(1)) {
				log("1. Framework ceiling: GET /api/bench/ping");
				ceiling = load.run("ping", this.options.duration(), ping());
				http("1. Framework ceiling (`GET /api/bench/ping`, same auth)", ceiling, "");
			}
			LoadResult purchases = null;
			if (this.options.wants(2)) {
				log("2. Purchase path");
				long saleId = this.api.createLiveSale(10_000_000, 1_000);
				purchases = load.run("purchase", this.options.duration(), purchase(saleId));
				double drain = waitForDrain(saleId);
				http("2. Purchase (`POST /api/flash-sales/{id}/purchases`)", purchases,
						ratio(purchases, ceiling, "%.2f x ceiling") + "outbox drained %.1f s after the load; "
							.formatted(drain));
				audit("purchase sale", saleId);

				long soldOutSale = this.api.createLiveSale(1, 1);
				LoadResult soldOut = load.run("sold-out", this.options.duration(), purchase(soldOutSale));
				http("2b. Purchase when sold out (node-local flag)", soldOut,
						ratio(soldOut, ceiling, "%.2f x ceiling"));
				audit("sold-out sale", soldOutSale);
			}
			if (this.options.wants(3)) {
				log("3. Naive PostgreSQL row lock");
				long naiveSale = this.api.createNaiveSale(10_000_000);
				LoadResult naive = load.run("naive", this.options.duration(), naive(naiveSale));
				http("3. Naive purchase, PostgreSQL row lock (one hot row)", naive,
						ratio(purchases, naive, "purchase is %.1f x this"));
			}
			if (this.options.wants(4)) {
				redis(load);
			}
			if (this.options.wants(5)) {
				this.options.watchers().forEach(this::fanOut);
			}
			if (this.options.wants(6)) {
				flusher(load);
			}
			if (this.options.wants(7)) {
				log("7. Shopping circle: feed, search, claims");
				for (CircleFigures.Row row : new CircleFigures(this.options, this.api, this.tokens).run(load, ceiling)) {
					http(row.figure(), row.result(), row.notes());
				}
			}
		}
		return table();
	}

	private void redis(HttpLoad load) {
		log("4. Redis ceiling: redis-benchmark EVALSHA of the purchase script");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		load.run("script warm-up", Duration.ofSeconds(1), purchase(saleId));
		JsonNode target = this.api.redisTarget(saleId);
		double[] result = RedisBenchmark.run(this.options.redisBenchmark(), target, this.options.redisRequests(),
				this.options.concurrency());
		if (result == null) {
			this.rows.add(new String[] { "4. Redis ceiling (redis-benchmark EVALSHA)", "n/a", "", "",
					"redis-benchmark not installed" });
			return;
		}
		this.rows.add(new String[] { "4. Redis ceiling (`redis-benchmark` EVALSHA purchase script)",
				"%,.0f/s".formatted(result[0]), "%.2f ms".formatted(result[1]), "%.2f ms".formatted(result[2]),
				"%d clients, %,d calls, no HTTP".formatted(this.options.concurrency(), this.options.redisRequests()) });
	}

	private void fanOut(int watchers) {
		log("5. Live fan-out: " + watchers + " WebSocket watchers on one topic during a rush");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		long heapBefore = this.api.serverHeapBytes();
		try (WatcherFleet fleet = new WatcherFleet(this.options.baseUrl(), "flash-sale:" + saleId);
				HttpLoad rush = new HttpLoad(this.options.baseUrl(), 8)) {
			long started = System.nanoTime();
			long connected = fleet.connect(watchers, 200);
			double connectSeconds = (System.nanoTime() - started) / 1e9;
			log("   %d watchers subscribed in %.1f s; rush for %d s".formatted(connected, connectSeconds,
					this.options.watchDuration().toSeconds()));
			// A paced rush: enough purchases to change the state in every conflation interval,
			// without the purchase path taking the CPU the fan-out is measured on.
			LoadResult during = rush.run("rush", this.options.watchDuration(), this.options.watcherRushRate(),
					purchase(saleId));
			long heapWith = this.api.serverHeapBytes();
			Histogram delivery = fleet.delivery();
			this.rows.add(new String[] { "5. Live fan-out, %,d watchers (delivery latency)".formatted(connected),
					"%,d msgs".formatted(fleet.messages()), "%d ms".formatted(delivery.getValueAtPercentile(50)),
					"%d ms".formatted(delivery.getValueAtPercentile(99)),
					"max %d ms; %.1f updates per watcher per second; %d dropped; rush %,.0f purchases/s; server heap %d MB before, %d MB with watchers"
						.formatted(delivery.getMaxValue(),
								fleet.messages() / (double) Math.max(1, connected)
										/ this.options.watchDuration().toSeconds(),
								fleet.dropped(), during.throughput(), heapBefore >> 20, heapWith >> 20) });
		}
		audit("fan-out sale", saleId);
	}

	private void flusher(HttpLoad load) {
		log("6. Flusher: backlog built with the flusher paused, then drained");
		long saleId = this.api.createLiveSale(10_000_000, 1_000);
		this.api.flusher(false);
		try {
			load.run("backlog", this.options.duration().dividedBy(2), purchase(saleId));
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
		this.rows.add(new String[] { "6. Flusher (outbox → PostgreSQL)", "%,.0f orders/s".formatted(rate), "", "",
				"%,d orders drained in %.2f s; plain multi-row insert of the same rows %,.0f rows/s → %.2f x ceiling"
					.formatted(backlog, seconds, ceilingRate, rate / ceilingRate) });
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
		this.invariants.add("%s %s %d: stock %d, sold %d, PostgreSQL orders %s%s".formatted(ok ? "ok" : "VIOLATED",
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

	private IntFunction<HttpLoad.Request> ping() {
		return (i) -> new HttpLoad.Request(HttpMethod.GET, "/api/bench/ping", shopper(), null, null);
	}

	private IntFunction<HttpLoad.Request> purchase(long saleId) {
		String path = "/api/flash-sales/" + saleId + "/purchases";
		return (i) -> new HttpLoad.Request(HttpMethod.POST, path, shopper(), "bench-" + i, "{\"quantity\":1}");
	}

	private IntFunction<HttpLoad.Request> naive(long saleId) {
		String path = "/api/bench/pg-sales/" + saleId + "/purchases";
		return (i) -> new HttpLoad.Request(HttpMethod.POST, path, shopper(), null, null);
	}

	private String shopper() {
		return this.shoppers[ThreadLocalRandom.current().nextInt(this.shoppers.length)];
	}

	/** {@code a / b} formatted, followed by "; ", or nothing when either was not measured. */
	private static String ratio(LoadResult a, LoadResult b, String format) {
		return (a != null && b != null) ? format.formatted(a.throughput() / b.throughput()) + "; " : "";
	}

	private void http(String figure, LoadResult result, String notes) {
		this.rows.add(new String[] { figure, "%,.0f/s".formatted(result.throughput()),
				"%.2f ms".formatted(result.p50Millis()), "%.2f ms".formatted(result.p99Millis()),
				notes + result.mix() });
		if (result.serverErrors() > 0) {
			this.invariants.add("VIOLATED %s: %d server errors or failed requests".formatted(figure,
					result.serverErrors()));
		}
	}

	private String table() {
		StringBuilder out = new StringBuilder();
		out.append("Flashgroup benchmark, %s, %s, %d cores, Java %s, %s mode, %d connections, %d s per HTTP figure\n\n"
			.formatted(LocalDate.now(), host(), Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.version"), this.options.quick() ? "quick" : "full",
					this.options.concurrency(), this.options.duration().toSeconds()));
		out.append("| Figure | Throughput | p50 | p99 | Notes |\n| --- | ---: | ---: | ---: | --- |\n");
		for (String[] row : this.rows) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		out.append("\nInvariants (ops audit after each load):\n");
		this.invariants.forEach((line) -> out.append("- ").append(line).append('\n'));
		return out.toString();
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
