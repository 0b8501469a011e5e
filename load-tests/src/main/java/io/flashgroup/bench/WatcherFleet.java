package io.flashgroup.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Thousands of WebSocket watchers of one topic in one lean client: each connects,
 * subscribes, and measures every {@code update} from the state's Redis timestamp
 * ({@code serverTime}) to its arrival. Same machine, same clock. Lean so that it is not the
 * limit it measures: one event loop per core at most (not Reactor Netty's default of four or
 * more), and frames read in place from Netty's buffer (a prefix check and the
 * {@code serverTime} digits; no String, no JSON).
 */
final class WatcherFleet implements AutoCloseable {

	private static final byte[] UPDATE = "{\"type\":\"update\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SNAPSHOT = "{\"type\":\"snapshot\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SERVER_TIME = "\"serverTime\":".getBytes(StandardCharsets.US_ASCII);

	private final LoopResources loops = LoopResources.create("watchers",
			Math.min(2, Runtime.getRuntime().availableProcessors()), true);

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
			.runOn(this.loops)
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
				.then(in.receive().doOnNext((frame) -> receive(frame, subscribed)).then()))
			.subscribe(null, (ex) -> lost(subscribed), () -> lost(subscribed));
		this.sessions.add(session);
		return subscribed.asMono();
	}

	/** Reads the frame in place; Reactor Netty releases it after this returns. */
	private void receive(ByteBuf frame, Sinks.Empty<Void> subscribed) {
		long now = System.currentTimeMillis();
		if (startsWith(frame, UPDATE)) {
			this.messages.increment();
			long serverTime = serverTime(frame);
			if (serverTime > 0) {
				this.delivery.recordValue(Math.max(0, Math.min(60_000L, now - serverTime)));
			}
		}
		else if (startsWith(frame, SNAPSHOT)) {
			this.messages.increment();
			subscribed.tryEmitEmpty();
		}
	}

	private static boolean startsWith(ByteBuf frame, byte[] prefix) {
		int at = frame.readerIndex();
		if (frame.readableBytes() < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (frame.getByte(at + i) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** The digits after {@code "serverTime":}, or -1. */
	private static long serverTime(ByteBuf frame) {
		int end = frame.writerIndex();
		int last = end - SERVER_TIME.length;
		for (int at = frame.readerIndex(); at <= last; at++) {
			int i = 0;
			while (i < SERVER_TIME.length && frame.getByte(at + i) == SERVER_TIME[i]) {
				i++;
			}
			if (i == SERVER_TIME.length) {
				long value = 0;
				for (int d = at + i; d < end; d++) {
					byte digit = frame.getByte(d);
					if (digit < '0' || digit > '9') {
						break;
					}
					value = value * 10 + (digit - '0');
				}
				return value;
			}
		}
		return -1;
	}

	private void lost(Sinks.Empty<Void> subscribed) {
		if (!this.closing) {
			this.dropped.incrementAndGet();
		}
		subscribed.tryEmitError(new IllegalStateException("closed before its snapshot"));
	}

	/** Forgets what arrived so far (the warm-up's updates). */
	void reset() {
		this.delivery.reset();
		this.messages.reset();
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
		// Netty's graceful shutdown: a quiet period of 2 s, within at most 15 s while
		// thousands of sockets close; waiting only 10 s failed a figure already measured.
		this.loops.disposeLater().block(Duration.ofSeconds(30));
	}

}
