package io.flashgroup.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Purchases as a client behind a balancer makes them: each to one node first; when that
 * node cannot answer (connection refused or reset, timeout, {@code 503}) the same request
 * with the same {@code Idempotency-Key} goes to the other node, back and forth, until a
 * definite answer or the deadline. Every try is kept, so a test checks what each node
 * said.
 */
final class Purchases {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Duration BACKOFF = Duration.ofMillis(100);

	private Purchases() {
	}

	/**
	 * Sends every purchase, {@code concurrency} at a time, and waits for every answer.
	 * @param onAnswer called with each definite answer as it arrives
	 */
	static List<Reply> rush(long saleId, List<Purchase> purchases, int concurrency, Consumer<Reply> onAnswer) {
		return rush(saleId, purchases, concurrency, Duration.ZERO, onAnswer);
	}

	/**
	 * The same, a new purchase starting every {@code pace} at most: a rush that lasts
	 * long enough to kill something in its middle, however fast the machine.
	 */
	static List<Reply> rush(long saleId, List<Purchase> purchases, int concurrency, Duration pace,
			Consumer<Reply> onAnswer) {
		ConnectionProvider pool = ConnectionProvider.builder("two-nodes")
			.maxConnections(concurrency * 2)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient web = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
				.build();
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			Flux<Purchase> arrivals = Flux.fromIterable(purchases);
			return (pace.isZero() ? arrivals : arrivals.delayElements(pace))
				.flatMap((purchase) -> send(web, saleId, purchase, 0, new ArrayList<>(), deadline).doOnNext(onAnswer),
						concurrency)
				.collectList()
				.block(DEADLINE.plusSeconds(30));
		}
		finally {
			pool.dispose();
		}
	}

	static List<Reply> rush(long saleId, List<Purchase> purchases, int concurrency) {
		return rush(saleId, purchases, concurrency, (reply) -> {
		});
	}

	private static Mono<Reply> send(WebClient web, long saleId, Purchase purchase, int attempt, List<Try> tries,
			long deadline) {
		int port = (attempt % 2 == 0) ? purchase.firstPort() : purchase.otherPort();
		return once(web, saleId, purchase, port).flatMap((answer) -> {
			tries.add(answer);
			boolean unknown = answer.status() < 0 || answer.status() == 503;
			// Retried every 100 ms through an outage, a shopper's keys exceed their
			// per-user rate limit: told when to come back, the client waits that long.
			boolean limited = answer.status() == 429;
			if ((unknown || limited) && System.nanoTime() < deadline) {
				Duration pause = (limited && answer.retryAfter() != null)
						? Duration.ofSeconds(Long.parseLong(answer.retryAfter())) : BACKOFF;
				return Mono.delay(pause)
					.then(Mono.defer(() -> send(web, saleId, purchase, attempt + 1, tries, deadline)));
			}
			return Mono.just(new Reply(purchase, answer.status(), answer.body(), port, List.copyOf(tries)));
		});
	}

	private static Mono<Try> once(WebClient web, long saleId, Purchase purchase, int port) {
		return web.post()
			.uri("http://127.0.0.1:{port}/api/flash-sales/{id}/purchases", port, saleId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + purchase.token())
			.header("Idempotency-Key", purchase.key())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"quantity\":" + purchase.quantity() + "}")
			.exchangeToMono((response) -> response.bodyToMono(JsonNode.class)
				.defaultIfEmpty(NullNode.getInstance())
				.map((body) -> new Try(port, response.statusCode().value(), body,
						response.headers().header(HttpHeaders.RETRY_AFTER).isEmpty() ? null
								: response.headers().header(HttpHeaders.RETRY_AFTER).get(0),
						System.currentTimeMillis())))
			.timeout(Duration.ofSeconds(15))
			.onErrorResume(
					(ex) -> Mono.just(new Try(port, -1, NullNode.getInstance(), null, System.currentTimeMillis())));
	}

	/**
	 * One purchase.
	 *
	 * @param user the shopper's user id
	 * @param token the shopper's token
	 * @param key the Idempotency-Key
	 * @param quantity units
	 * @param firstPort the node tried first
	 * @param otherPort the node a retry goes to
	 */
	record Purchase(String user, String token, String key, int quantity, int firstPort, int otherPort) {

		@Override
		public String toString() {
			return this.user + "/" + this.key + " x" + this.quantity + " to " + this.firstPort + " then "
					+ this.otherPort;
		}

		/** The same purchase, tried first on the other node. */
		Purchase flipped() {
			return new Purchase(this.user, this.token, this.key, this.quantity, this.otherPort, this.firstPort);
		}

	}

	/**
	 * One try.
	 *
	 * @param port the node asked
	 * @param status HTTP status, -1 when no answer came (refused, reset, timeout)
	 * @param body the answer's body
	 * @param retryAfter the Retry-After header, if any
	 * @param at when the answer came (epoch ms)
	 */
	record Try(int port, int status, JsonNode body, @Nullable String retryAfter, long at) {
	}

	/**
	 * A purchase's definite answer (or the last one at the deadline).
	 *
	 * @param purchase the purchase
	 * @param status its HTTP status
	 * @param body its body
	 * @param port the node that gave it
	 * @param tries every try, in order
	 */
	record Reply(Purchase purchase, int status, JsonNode body, int port, List<Try> tries) {

		String orderId() {
			return this.body.path("id").asString();
		}

		String problem() {
			String type = this.body.path("type").asString();
			return type.substring(type.lastIndexOf('/') + 1);
		}

	}

	/** Counts the answers for a progress condition, e.g. to kill a node mid-rush. */
	static final class Progress implements Consumer<Reply> {

		private final int port;

		private final AtomicInteger answered = new AtomicInteger();

		/** Counts acceptances by the node on {@code port}, or by any node if negative. */
		Progress(int port) {
			this.port = port;
		}

		@Override
		public void accept(Reply reply) {
			if ((this.port < 0 || reply.port() == this.port) && reply.status() == 201) {
				this.answered.incrementAndGet();
			}
		}

		int accepted() {
			return this.answered.get();
		}

	}

}
