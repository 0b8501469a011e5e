package io.flashgroup.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The pages, served by the server itself from {@code static/} (plain HTML, CSS and
 * JavaScript modules; no build step): {@code /} for shoppers, {@code /seller},
 * {@code /ops}, and the pages shoppers share with friends, {@code /g/<groupId>} and
 * {@code /b/<sessionId>}. Their scripts and styles are under {@code /app/}.
 */
@Configuration(proxyBeanMethods = false)
class PageRoutes {

	@Bean
	RouterFunction<ServerResponse> pages() {
		return route().GET("/", (request) -> page("index.html"))
			.GET("/seller", (request) -> page("seller.html"))
			.GET("/ops", (request) -> page("ops.html"))
			.GET("/circle", (request) -> page("circle.html"))
			.GET("/g/{groupId}", (request) -> page("group.html"))
			.GET("/b/{sessionId}", (request) -> page("bargain.html"))
			.build();
	}

	private static reactor.core.publisher.Mono<ServerResponse> page(String name) {
		Resource resource = new ClassPathResource("static/" + name);
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.bodyValue(resource);
	}

}
