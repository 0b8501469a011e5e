package io.flashgroup.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * What one closed-loop load measured.
 *
 * @param name the figure
 * @param requests completed requests
 * @param seconds how long the load ran
 * @param latency response times in microseconds
 * @param outcomes responses by status and problem type, e.g. {@code 201}, {@code 409 sold-out}
 */
record LoadResult(String name, long requests, double seconds, Histogram latency, Map<String, Long> outcomes) {

	double throughput() {
		return this.requests / this.seconds;
	}

	double p50Millis() {
		return this.latency.getValueAtPercentile(50) / 1000.0;
	}

	double p99Millis() {
		return this.latency.getValueAtPercentile(99) / 1000.0;
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
