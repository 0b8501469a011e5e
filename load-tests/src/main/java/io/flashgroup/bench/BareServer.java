package io.flashgroup.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Figure 0, the physical limit of HTTP on this machine: a bare Reactor Netty server (the same
 * library, version and default event loops the Flashgroup server runs on) answering every
 * request with a constant {@code {"ok":true}}: no routing, no security, no JSON, no Redis.
 * bench.sh starts it on 127.0.0.1 beside the server, drives it with the same wrk settings as
 * the authenticated ping (the bearer token is sent and ignored), and stops it afterwards.
 * With {@code --webflux-port}, the same process also serves figure 0b ({@link BareWebFlux})
 * there; bench.sh measures the two one after the other, never at once.
 *
 * <pre>java -cp ... io.flashgroup.bench.BareServer --port 18182 --webflux-port 18183 --seconds 900</pre>
 */
public final class BareServer {

	private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

	private BareServer() {
	}

	public static void main(String[] args) {
		int port = 18182;
		int webFluxPort = 0;
		long seconds = 900;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(args[i + 1]);
				case "--webflux-port" -> webFluxPort = Integer.parseInt(args[i + 1]);
				case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
				default -> throw new IllegalArgumentException("Unexpected argument " + args[i]);
			}
		}
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(OK.length))
				.sendByteArray(Mono.just(OK)))
			.bindNow();
		System.out.println("[bare] listening on 127.0.0.1:" + port + " for at most " + seconds + " s");
		DisposableServer webFlux = null;
		if (webFluxPort > 0) {
			webFlux = BareWebFlux.start("127.0.0.1", webFluxPort);
			System.out.println("[bare] Spring WebFlux listening on 127.0.0.1:" + webFluxPort);
		}
		// Bounded in time even if bench.sh is killed before it stops this server.
		server.onDispose().block(Duration.ofSeconds(seconds));
		server.disposeNow();
		if (webFlux != null) {
			webFlux.disposeNow();
		}
	}

}
