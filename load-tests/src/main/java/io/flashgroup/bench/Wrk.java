package io.flashgroup.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs one HTTP load with wrk (C, event loop per thread) through {@code load-tests/wrk/bench.lua}:
 * tokens from a file, unique Idempotency-Keys, responses counted by status, and wrk's own CPU
 * time, all read back from the script's {@code WRK_RESULT} line. A warm-up run of the same
 * request, not counted, precedes every measured one.
 */
final class Wrk {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private final Options options;

	private final Path files;

	private final AtomicInteger fileCount = new AtomicInteger();

	private final AtomicInteger runs = new AtomicInteger();

	/** Part of every unique key, so a second driver against the same server never replays one. */
	private final String driver = Long.toString(System.currentTimeMillis(), 36);

	Wrk(Options options) {
		this.options = options;
		try {
			this.files = Files.createTempDirectory("bench-wrk");
			this.files.toFile().deleteOnExit();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A file of lines for the script (tokens, paths, keys), deleted when the driver exits. */
	Path file(String name, List<String> lines) {
		try {
			Path file = this.files.resolve(this.fileCount.incrementAndGet() + "-" + name + ".txt");
			Files.write(file, lines, StandardCharsets.UTF_8);
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The warm-up, then the measured load. */
	LoadResult measure(String name, String baseUrl, Load load) {
		return measure(name, baseUrl, load, load);
	}

	/** A warm-up with {@code warmUp} (when a load cannot be repeated, e.g. claims), then {@code load}. */
	LoadResult measure(String name, String baseUrl, Load warmUp, Load load) {
		run(name + " warm-up", baseUrl, this.options.warmUp(), warmUp);
		return run(name, baseUrl, this.options.duration(), load);
	}

	LoadResult run(String name, String baseUrl, Duration duration, Load load) {
		int connections = (load.connections() > 0) ? load.connections() : this.options.concurrency();
		int threads = Math.min(this.options.wrkThreads(), connections);
		// A warm-up and its measured run share a Load: each run gets its own keys.
		String keys = load.keys().startsWith("unique:")
				? load.keys() + "-" + this.driver + "-" + this.runs.incrementAndGet() : load.keys();
		List<String> command = new ArrayList<>(List.of(this.options.wrk(), "-t" + threads, "-c" + connections,
				"-d" + duration.toSeconds() + "s", "--timeout", "10s", "-s", this.options.wrkScript(), baseUrl,
				"threads=" + threads, "method=" + load.method(),
				"tokens=" + ((load.tokens() != null) ? load.tokens().toString() : "none"), "keys=" + keys,
				"rate=" + load.rate()));
		if (load.paths().size() == 1) {
			command.add("path=" + load.paths().get(0));
		}
		else {
			command.add("paths=" + file("paths", load.paths()));
		}
		if (load.body() != null) {
			command.add("body=" + load.body());
		}
		String output = execute(command, duration.plusSeconds(60));
		String line = output.lines()
			.filter((l) -> l.startsWith("WRK_RESULT "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(name + ": no WRK_RESULT from wrk:\n" + output));
		return result(name, line.substring("WRK_RESULT ".length()));
	}

	private static LoadResult result(String name, String json) {
		try {
			JsonNode node = JSON.readTree(json);
			Map<String, Long> outcomes = new LinkedHashMap<>();
			node.path("statuses").properties().forEach((e) -> outcomes.put(e.getKey(), e.getValue().asLong()));
			JsonNode errors = node.path("errors");
			// Socket errors and timeouts got no answer: counted as failures like a 5xx.
			errors.properties()
				.stream()
				.filter((e) -> e.getValue().asLong() > 0)
				.forEach((e) -> outcomes.put("0 " + e.getKey(), e.getValue().asLong()));
			double seconds = node.path("durationUs").asLong() / 1e6;
			long cpuMicros = node.path("cpuUs").asLong();
			double cpu = (cpuMicros >= 0) ? cpuMicros / 1e6 / seconds / CORES : Double.NaN;
			return new LoadResult(name, node.path("requests").asLong(), seconds, node.path("p50Us").asLong(),
					node.path("p99Us").asLong(), outcomes, cpu);
		}
		catch (IOException ex) {
			throw new IllegalStateException(name + ": unreadable WRK_RESULT " + json, ex);
		}
	}

	private static String execute(List<String> command, Duration limit) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("wrk did not finish: " + command);
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed (" + process.exitValue() + "): " + command + "\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run wrk (" + command.get(0)
					+ "); bench.sh installs it, or: apt-get install wrk", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One load's requests, see {@code load-tests/wrk/bench.lua}.
	 *
	 * @param method the HTTP method
	 * @param paths one path, or several walked round-robin
	 * @param tokens a file of bearer tokens walked round-robin, or null (anonymous)
	 * @param keys {@code none}, {@code unique:<prefix>}, or a file of keys aligned with the
	 * tokens
	 * @param body a JSON body or null
	 * @param rate requests per second offered, or 0 for a closed loop
	 * @param connections connections, or 0 for the run's {@code --concurrency}
	 */
	record Load(String method, List<String> paths, Path tokens, String keys, String body, int rate,
			int connections) {

		static Load get(String path, Path tokens) {
			return new Load("GET", List.of(path), tokens, "none", null, 0, 0);
		}

		static Load post(String path, Path tokens, String keys, String body) {
			return new Load("POST", List.of(path), tokens, keys, body, 0, 0);
		}

		Load paths(List<String> paths) {
			return new Load(this.method, paths, this.tokens, this.keys, this.body, this.rate, this.connections);
		}

		Load paced(int rate) {
			return new Load(this.method, this.paths, this.tokens, this.keys, this.body, rate, this.connections);
		}

		Load connections(int connections) {
			return new Load(this.method, this.paths, this.tokens, this.keys, this.body, this.rate, connections);
		}

	}

}
