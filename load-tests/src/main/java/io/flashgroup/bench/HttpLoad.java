package io.flashgroup.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpMethod;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A closed-loop HTTP load in Java: {@code concurrency} workers on as many keep-alive
 * connections, each sending its next request as soon as the previous answer arrived, for a
 * fixed time. The benchmark's figures use wrk ({@link Wrk}), a leaner client; this one stays
 * for the fault scripts ({@link StalledClients}) that run a load beside their own clients.
 */
final class HttpLoad implements AutoCloseable {

	private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([a-z-]+)\"");

	private final HttpClient client;

	private final ConnectionProvider connections;

	private final int concurrency;

	HttpLoad(String baseUrl, int concurrency) {
		this.concurrency = concurrency;
		this.connections = ConnectionProvider.builder("bench")
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.connections).baseUrl(baseUrl).keepAlive(true);
	}

	/**
	 * Runs the load; {@code requests} builds the i-th request (a worker-local counter
	 * keeps them distinct).
	 */
	LoadResult run(String name, Duration duration, IntFunction<Request> requests) {
		return run(name, duration, 0, requests);
	}

	/**
	 * Runs the load; with {@code ratePerSecond > 0} requests are paced to that rate
	 * (workers wait for their slot) instead of sent back to back.
	 */
	LoadResult run(String name, Duration duration, int ratePerSecond, IntFunction<Request> requests) {
		long interval = (ratePerSecond > 0) ? 1_000_000_000L / ratePerSecond : 0;
		AtomicLong nextSlot = new AtomicLong(System.nanoTime());
		Histogram latency = new ConcurrentHistogram(60_000_000L, 3);
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		AtomicLong sequence = new AtomicLong();
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		Flux.range(0, this.concurrency)
			.flatMap((worker) -> Mono.defer(() -> paced(nextSlot, interval))
				.then(Mono.defer(() -> send(requests.apply((int) sequence.getAndIncrement()))))
				.doOnNext((outcome) -> {
					latency.recordValue(Math.min(60_000_000L, outcome.micros()));
					outcomes.computeIfAbsent(outcome.kind(), (k) -> new LongAdder()).increment();
				})
				.repeat(() -> System.nanoTime() < deadline), this.concurrency)
			.blockLast(duration.plusSeconds(60));
		double seconds = (System.nanoTime() - started) / 1e9;
		Map<String, Long> counted = new ConcurrentHashMap<>();
		outcomes.forEach((kind, count) -> counted.put(kind, count.sum()));
		return new LoadResult(name, latency.getTotalCount(), seconds, latency.getValueAtPercentile(50),
				latency.getValueAtPercentile(99), counted, Double.NaN);
	}

	private static Mono<Long> paced(AtomicLong nextSlot, long interval) {
		if (interval == 0) {
			return Mono.empty();
		}
		long wait = nextSlot.getAndAdd(interval) - System.nanoTime();
		return (wait > 0) ? Mono.delay(Duration.ofNanos(wait)) : Mono.empty();
	}

	private Mono<Outcome> send(Request request) {
		long started = System.nanoTime();
		return this.client.request(request.method()).uri(request.path()).send((req, out) -> {
			req.header("Authorization", "Bearer " + request.token());
			if (request.idempotencyKey() != null) {
				req.header("Idempotency-Key", request.idempotencyKey());
			}
			if (request.body() == null) {
				return out;
			}
			req.header("Content-Type", "application/json");
			return out.sendString(Mono.just(request.body()));
		})
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Outcome(kind(response.status().code(), text), micros(started))))
			.timeout(Duration.ofSeconds(30))
			.onErrorResume((ex) -> Mono.just(new Outcome("0 " + ex.getClass().getSimpleName(), micros(started))));
	}

	private static String kind(int status, String body) {
		if (status >= 400) {
			Matcher type = PROBLEM_TYPE.matcher(body);
			if (type.find()) {
				return status + " " + type.group(1);
			}
		}
		return Integer.toString(status);
	}

	private static long micros(long started) {
		return (System.nanoTime() - started) / 1_000;
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	/** One request of a load. */
	record Request(HttpMethod method, String path, String token, String idempotencyKey, String body) {
	}

	private record Outcome(String kind, long micros) {
	}

}
