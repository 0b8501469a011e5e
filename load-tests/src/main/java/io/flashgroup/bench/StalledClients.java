package io.flashgroup.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Fault script for issue 11 item 1: {@code clients} WebSocket clients (plain sockets with
 * a 1 KB receive buffer) subscribe to {@code topics} busy flash sales and never read
 * again, while purchases change those sales' states. It samples the server's heap
 * (after a full GC, through the dev run's {@code POST /api/bench/gc}) and its live-session
 * metrics, and reports: heap before, with the stalled clients, after they are gone; how
 * many the server closed with 1013 ({@code flashgroup.live.slow-closes}) and how many
 * close frames the clients found when they finally read; the session gauge over time.
 * Needs the dev run (bench endpoints and dev HMAC key). See load-tests/README.md.
 */
public final class StalledClients {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String baseUrl;

	private final Map<String, String> options;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Api api;

	private final String ops;

	private final List<String> report = new ArrayList<>();

	private StalledClients(Map<String, String> options) {
		this.options = options;
		this.baseUrl = options.getOrDefault("base-url", "http://127.0.0.1:8080");
		Tokens tokens = new Tokens(options.getOrDefault("hmac-secret", Tokens.DEV_SECRET));
		this.api = new Api(this.baseUrl, tokens);
		this.ops = tokens.mint("stalled-ops", "OPS");
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new StalledClients(options).run();
	}

	private int option(String name, int fallback) {
		return Integer.parseInt(this.options.getOrDefault(name, Integer.toString(fallback)));
	}

	private void run() throws Exception {
		int clients = option("clients", 1000);
		int topicCount = option("topics", 10);
		int rate = option("rate", 200);
		int stallSeconds = option("stall-seconds", 60);
		Tokens tokens = new Tokens(this.options.getOrDefault("hmac-secret", Tokens.DEV_SECRET));
		List<Long> sales = new ArrayList<>();
		for (int i = 0; i < topicCount; i++) {
			sales.add(this.api.createLiveSale(1_000_000, 1_000));
		}
		String[] shoppers = new String[500];
		for (int i = 0; i < shoppers.length; i++) {
			shoppers[i] = tokens.mint("stalled-shopper-" + i, "SHOPPER");
		}
		long sessionsBefore = metric("flashgroup_live_sessions", "websocket");
		double slowBefore = metric("flashgroup_live_slow_closes_total", "websocket");
		JsonNode before = gc();
		line("settings", "%d clients x %d topics (flash sales %s), purchases at %d/s, stall up to %d s, server %s"
			.formatted(clients, topicCount, sales, rate, stallSeconds, this.baseUrl));
		line("before", memory(before) + ", sessions " + sessionsBefore);

		List<Socket> sockets = new ArrayList<>();
		long opening = System.nanoTime();
		for (int i = 0; i < clients; i++) {
			sockets.add(stalledClient(sales));
		}
		awaitSessions(sessionsBefore + clients, Duration.ofSeconds(60));
		JsonNode open = gc();
		line("open", "%s, sessions %d (opened in %.1f s), nobody reads from here on".formatted(memory(open),
				metric("flashgroup_live_sessions", "websocket"), (System.nanoTime() - opening) / 1e9));

		Thread rush = Thread.ofPlatform().daemon().start(() -> {
			try (HttpLoad load = new HttpLoad(this.baseUrl, 16)) {
				load.run("purchases", Duration.ofSeconds(stallSeconds + 30), rate,
						(i) -> new HttpLoad.Request(HttpMethod.POST,
								"/api/flash-sales/" + sales.get(i % sales.size()) + "/purchases",
								shoppers[ThreadLocalRandom.current().nextInt(shoppers.length)], "stall-" + i,
								"{\"quantity\":1}"));
			}
		});
		long stallStart = System.nanoTime();
		long peakHeap = open.path("liveHeap").asLong();
		long peakNetty = open.path("nettyDirect").asLong();
		line("samples", "t (s) | sessions | slow-closes | live heap | heap used after GC | JDK direct | Netty direct");
		while (true) {
			Thread.sleep(3000);
			JsonNode sample = gc();
			long sessions = metric("flashgroup_live_sessions", "websocket");
			double slow = metric("flashgroup_live_slow_closes_total", "websocket") - slowBefore;
			double t = (System.nanoTime() - stallStart) / 1e9;
			peakHeap = Math.max(peakHeap, sample.path("liveHeap").asLong());
			peakNetty = Math.max(peakNetty, sample.path("nettyDirect").asLong());
			line("", "%5.0f | %d | %.0f | %s".formatted(t, sessions, slow, memory(sample).replace(", ", " | ")));
			// With --clients 0 (the control run: the same purchases, no stalled client) it
			// samples for --stall-seconds.
			if ((clients > 0 && sessions <= sessionsBefore) || t > stallSeconds) {
				break;
			}
		}
		long stalledFor = (System.nanoTime() - stallStart) / 1_000_000_000L;
		Map<String, LongAdder> endings = drain(sockets);
		rush.interrupt();
		for (Socket socket : sockets) {
			socket.close();
		}
		awaitSessions(sessionsBefore, Duration.ofSeconds(30));
		Thread.sleep(2000);
		JsonNode after = gc();
		double slow = metric("flashgroup_live_slow_closes_total", "websocket") - slowBefore;
		line("stalled", "peak live heap %d MB (%+.1f MB over open, %.1f KB per client), peak Netty direct %d MB"
			.formatted(peakHeap >> 20, (peakHeap - open.path("liveHeap").asLong()) / 1048576.0,
					(peakHeap - open.path("liveHeap").asLong()) / 1024.0 / clients, peakNetty >> 20));
		line("closed by the server", "%.0f of %d with 1013 (flashgroup.live.slow-closes) within %d s of the stall"
			.formatted(slow, clients, stalledFor));
		line("what the clients read at the end", endings.toString());
		line("after", memory(after) + ", sessions " + metric("flashgroup_live_sessions", "websocket"));
		write();
		System.exit(0);
	}

	/** Connects, subscribes to every topic, and from then on reads nothing. */
	private Socket stalledClient(List<Long> sales) throws IOException {
		URI uri = URI.create(this.baseUrl);
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
		socket.setSoTimeout(10_000);
		OutputStream out = socket.getOutputStream();
		String key = Base64.getEncoder().encodeToString(new byte[16]);
		out.write(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		DataInputStream in = new DataInputStream(socket.getInputStream());
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed during the handshake");
			}
			head.append((char) b);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + head);
		}
		for (long sale : sales) {
			out.write(masked("{\"op\":\"subscribe\",\"topic\":\"flash-sale:" + sale + "\"}"));
		}
		out.flush();
		return socket;
	}

	private static byte[] masked(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		frame.write(0x80 | payload.length);
		byte[] mask = { 7, 3, 5, 1 };
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	/**
	 * Every client reads what is left: a close frame (with its code), the end of the
	 * stream without one (the server hung up after its grace), or nothing yet.
	 */
	private Map<String, LongAdder> drain(List<Socket> sockets) throws Exception {
		Map<String, LongAdder> endings = new ConcurrentHashMap<>();
		ExecutorService readers = Executors.newFixedThreadPool(32);
		List<Future<?>> done = new ArrayList<>();
		for (Socket socket : sockets) {
			done.add(readers.submit(() -> endings.computeIfAbsent(ending(socket), (k) -> new LongAdder()).increment()));
		}
		for (Future<?> future : done) {
			future.get();
		}
		readers.shutdown();
		return endings;
	}

	private static String ending(Socket socket) {
		try {
			socket.setSoTimeout(3000);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			while (true) {
				int first = in.read();
				if (first < 0) {
					return "end of stream, no close frame";
				}
				int second = in.readUnsignedByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = in.readUnsignedShort();
				}
				else if (length == 127) {
					length = in.readLong();
				}
				byte[] payload = in.readNBytes((int) length);
				if ((first & 0x0F) == 0x8) {
					return "close " + ((payload.length >= 2) ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) : 1005);
				}
			}
		}
		catch (java.net.SocketTimeoutException ex) {
			return "still open";
		}
		catch (IOException ex) {
			return "reset, no close frame";
		}
	}

	private void awaitSessions(long expected, Duration within) throws Exception {
		long deadline = System.nanoTime() + within.toNanos();
		while (metric("flashgroup_live_sessions", "websocket") != expected && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
	}

	private JsonNode gc() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/bench/gc"))
			.header("Authorization", "Bearer " + this.ops)
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST /api/bench/gc answered " + response.statusCode()
					+ " (needs the dev run, see load-tests/README.md)");
		}
		return JSON.readTree(response.body());
	}

	private static String memory(JsonNode gc) {
		return "live heap %.1f MB, heap used after GC %.1f MB, JDK direct %.1f MB, Netty direct %.1f MB".formatted(
				gc.path("liveHeap").asLong() / 1048576.0, gc.path("heapUsed").asLong() / 1048576.0,
				gc.path("direct").asLong() / 1048576.0,
				gc.path("nettyDirect").asLong() / 1048576.0);
	}

	/** A Prometheus sample of the given transport, 0 when absent. */
	private long metric(String name, String transport) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(30))
			.build();
		String text = this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		for (String line : text.split("\n")) {
			if (line.startsWith(name + "{") && line.contains("transport=\"" + transport + "\"")) {
				return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return 0;
	}

	private void line(String label, String text) {
		String line = label.isEmpty() ? "    " + text : label + ": " + text;
		System.out.println(line);
		this.report.add(line);
	}

	private void write() throws IOException {
		String out = this.options.getOrDefault("out",
				"results/stalled-clients-" + LocalDate.now() + ".txt");
		Path path = Path.of(out);
		if (path.getParent() != null) {
			Files.createDirectories(path.getParent());
		}
		Files.write(path, this.report);
		System.out.println("written to " + path.toAbsolutePath());
	}

}
