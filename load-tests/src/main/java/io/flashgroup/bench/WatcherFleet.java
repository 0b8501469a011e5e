package io.flashgroup.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * Thousands of WebSocket watchers of one topic in one lean client: each connects,
 * subscribes, and measures every {@code update} from the state's Redis timestamp
 * ({@code serverTime}) to its arrival. Same machine, same clock.
 */
final class WatcherFleet implements AutoCloseable {

	private final HttpClient client;

	private final String topic;

	private final List<Disposable> sessions = new CopyOnWriteArrayList<>();

	private final Histogram delivery = new ConcurrentHistogram(60_000L, 3);

	private final LongAdder messages = new LongAdder();

	private final AtomicLong dropped = new AtomicLong();

	private volatile boolean closing;

	WatcherFleet(String baseUrl, String topic) {
		this.topic = topic;
		this.client = HttpClient.create(ConnectionProvider.newConnection())
			.baseUrl(baseUrl.replaceFirst("^http", "ws"))
			.responseTimeout(Duration.ofSeconds(30));
	}

	/** Connects {@code count} watchers, at most {@code parallel} handshakes at a time. */
	long connect(int count, int parallel) {
		return Flux.range(0, count)
			.flatMap((i) -> watch().timeout(Duration.ofSeconds(60)).thenReturn(1).onErrorReturn(0), parallel)
			.reduce(0L, Long::sum)
			.block();
	}

	/** One watcher; completes once its snapshot arrived, the session stays open. */
	private Mono<Void> watch() {
		Sinks.Empty<Void> subscribed = Sinks.empty();
		String subscribe = "{\"op\":\"subscribe\",\"topic\":\"" + this.topic + "\"}";
		Disposable session = this.client.websocket(WebsocketClientSpec.builder().handlePing(false).build())
			.uri("/ws")
			.handle((in, out) -> out.sendString(Mono.just(subscribe))
				.then()
				.then(in.receive().asString().doOnNext((message) -> receive(message, subscribed)).then()))
			.subscribe(null, (ex) -> lost(subscribed), () -> lost(subscribed));
		this.sessions.add(session);
		return subscribed.asMono();
	}

	private void receive(String message, Sinks.Empty<Void> subscribed) {
		long now = System.currentTimeMillis();
		if (message.startsWith("{\"type\":\"update\"")) {
			this.messages.increment();
			this.delivery.recordValue(Math.max(0, Math.min(60_000L, now - serverTime(message))));
		}
		else if (message.startsWith("{\"type\":\"snapshot\"")) {
			this.messages.increment();
			subscribed.tryEmitEmpty();
		}
	}

	private void lost(Sinks.Empty<Void> subscribed) {
		if (!this.closing) {
			this.dropped.incrementAndGet();
		}
		subscribed.tryEmitError(new IllegalStateException("closed before its snapshot"));
	}

	private static long serverTime(String message) {
		int at = message.indexOf("\"serverTime\":") + 13;
		int end = at;
		while (end < message.length() && Character.isDigit(message.charAt(end))) {
			end++;
		}
		return Long.parseLong(message, at, end, 10);
	}

	Histogram delivery() {
		return this.delivery;
	}

	long messages() {
		return this.messages.sum();
	}

	long dropped() {
		return this.dropped.get();
	}

	@Override
	public void close() {
		this.closing = true;
		this.sessions.forEach(Disposable::dispose);
	}

}
