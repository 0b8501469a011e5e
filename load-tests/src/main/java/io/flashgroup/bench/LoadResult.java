package io.flashgroup.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one HTTP load measured (by wrk, or by the Java {@link HttpLoad}).
 *
 * @param name the figure
 * @param requests completed requests
 * @param seconds how long the load ran
 * @param p50Micros median response time
 * @param p99Micros 99th percentile response time
 * @param outcomes responses by status and problem type, e.g. {@code 201}, {@code 409 sold-out};
 * {@code 0 <reason>} for requests that got no answer
 * @param clientCpu the client's CPU time over the wall time of the load times the cores (0..1), or
 * {@code NaN} when not measured
 */
record LoadResult(String name, long requests, double seconds, long p50Micros, long p99Micros,
		Map<String, Long> outcomes, double clientCpu) {

	double throughput() {
		return this.requests / this.seconds;
	}

	double p50Millis() {
		return this.p50Micros / 1000.0;
	}

	double p99Millis() {
		return this.p99Micros / 1000.0;
	}

	long serverErrors() {
		return this.outcomes.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("5") || e.getKey().startsWith("0"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	String mix() {
		return new TreeMap<>(this.outcomes).entrySet()
			.stream()
			.map((e) -> e.getKey() + ": " + e.getValue())
			.collect(Collectors.joining(", "));
	}

}
