package io.flashgroup.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Redis's own ceiling for the purchase: {@code redis-benchmark} calling the purchase
 * script by {@code EVALSHA} with random shoppers, order ids and keys, no server in
 * between.
 */
final class RedisBenchmark {

	private RedisBenchmark() {
	}

	/**
	 * Runs it; {@code target} is the server's answer from {@code redis-target}.
	 * @return requests per second, p50 ms, p99 ms; or null when redis-benchmark is missing
	 */
	static double[] run(String executable, JsonNode target, int requests, int clients) {
		List<String> command = new ArrayList<>(List.of(executable, "-h", target.path("host").asText(), "-p",
				target.path("port").asText(), "-c", Integer.toString(clients), "-n", Integer.toString(requests), "-r",
				"1000000000", "--csv", "EVALSHA", target.path("sha").asText(), "6"));
		target.path("keys").forEach((key) -> command.add(key.asText()));
		command.addAll(List.of("order-__rand_int__", "rb-__rand_int__", "1", "k-__rand_int__",
				target.path("channel").asText()));
		try {
			Path output = Files.createTempFile("redis-benchmark", ".csv");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean finished = process.waitFor(5, TimeUnit.MINUTES);
			List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
			Files.deleteIfExists(output);
			if (!finished || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("redis-benchmark failed: " + lines);
			}
			// "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms",...
			String row = lines.stream()
				.filter((line) -> line.startsWith("\"EVALSHA"))
				.reduce((a, b) -> b)
				.orElseThrow(() -> new IllegalStateException("no result from redis-benchmark: " + lines));
			String[] cells = row.replace("\"", "").split(",");
			return new double[] { Double.parseDouble(cells[cells.length - 7]),
					Double.parseDouble(cells[cells.length - 4]), Double.parseDouble(cells[cells.length - 2]) };
		}
		catch (IOException ex) {
			return null; // not installed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
