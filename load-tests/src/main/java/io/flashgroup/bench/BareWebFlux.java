package io.flashgroup.bench;

import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Figure 0b, the framework's own floor: Spring WebFlux (the version the server runs) on
 * the same Reactor Netty, with the server's ping as it is written there (an annotated
 * controller returning {@code Mono<Map<String, Boolean>>}, encoded by Jackson 3), and
 * nothing else: no Spring Boot, no security, no filters, no metrics. The distance from
 * figure 0 to this one is WebFlux's dispatch; from this one to figure 1, the authenticated
 * ping, it is the server as Spring Boot assembles it: security, the server's filters and
 * handlers, observations, and more handler mappings and decorators (load-tests/ablate.sh
 * measures the parts).
 */
final class BareWebFlux {

	private BareWebFlux() {
	}

	static DisposableServer start(String host, int port) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class);
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(
				WebHttpHandlerBuilder.applicationContext(context).build());
		return HttpServer.create().host(host).port(port).handle(adapter).bindNow();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class App {

		@Bean
		Ping ping() {
			return new Ping();
		}

	}

	@RestController
	static class Ping {

		private static final Map<String, Boolean> PONG = Map.of("ok", true);

		@GetMapping("/api/bench/ping")
		Mono<Map<String, Boolean>> ping() {
			return Mono.just(PONG);
		}

	}

}
