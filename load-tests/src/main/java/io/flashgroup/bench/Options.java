package io.flashgroup.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Command-line options of the benchmark driver, {@code --name value} or {@code --flag}.
 * {@code --quick} shrinks every default so the whole table takes about two minutes.
 */
record Options(String baseUrl, String bareUrl, String bareWebFluxUrl, boolean quick, int concurrency,
		Duration duration, Duration warmUp, int shoppers, List<Integer> watchers, Duration watchDuration,
		int watcherRushRate, String hmacSecret, String redisBenchmark, int redisRequests, String wrk, String wrkScript, int wrkThreads, String out,
		String figures) {

	/** Whether figure {@code n} (0..7) was asked for with {@code --figures}. */
	boolean wants(int n) {
		return ("," + this.figures + ",").contains("," + n + ",");
	}

	static Options parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument " + args[i]);
			}
			String name = args[i].substring(2);
			boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
			values.put(name, flag ? "true" : args[++i]);
		}
		boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
		return new Options(values.getOrDefault("base-url", "http://127.0.0.1:8080"),
				values.getOrDefault("bare-url", ""), values.getOrDefault("bare-webflux-url", ""), quick,
				Integer.parseInt(values.getOrDefault("concurrency", "64")),
				seconds(values.getOrDefault("duration", quick ? "5" : "20")),
				seconds(values.getOrDefault("warm-up", quick ? "2" : "5")),
				Integer.parseInt(values.getOrDefault("shoppers", "20000")),
				Stream.of(values.getOrDefault("watchers", quick ? "2000" : "2000,10000").split(","))
					.map(String::trim)
					.map(Integer::valueOf)
					.toList(),
				seconds(values.getOrDefault("watch-duration", quick ? "8" : "30")),
				Integer.parseInt(values.getOrDefault("watcher-rush-rate", "200")),
				values.getOrDefault("hmac-secret", Tokens.DEV_SECRET),
				values.getOrDefault("redis-benchmark", "redis-benchmark"),
				Integer.parseInt(values.getOrDefault("redis-requests", quick ? "100000" : "300000")),
				values.getOrDefault("wrk", "wrk"), values.getOrDefault("wrk-script", "wrk/bench.lua"),
				Integer.parseInt(values.getOrDefault("wrk-threads", "2")), values.getOrDefault("out", ""),
				values.getOrDefault("figures", "0,1,2,3,4,5,6,7"));
	}

	private static Duration seconds(String value) {
		return Duration.ofSeconds(Long.parseLong(value));
	}

}
