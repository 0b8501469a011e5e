package io.flashgroup.shared;

import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem straight to a response, for refusals made before a controller is
 * chosen (security, the firewall, errors no handler caught): the same shape and media
 * type as {@link ProblemHandler}'s.
 */
@Component
public class ProblemWriter {

	private final JsonMapper json;

	ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String type, String detail) {
		return write(exchange, status, type, detail, Map.of());
	}

	/**
	 * The problem with extension fields after the standard ones, e.g. {@code retryAfter}.
	 */
	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String type, String detail,
			Map<String, Object> properties) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		Map<String, Object> fields = Problems.fields(status, type, detail);
		// The request path, as the problems answered by controllers carry it.
		fields.put("instance", exchange.getRequest().getPath().value());
		fields.putAll(properties);
		byte[] body = this.json.writeValueAsBytes(fields);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	public byte[] bytes(HttpStatusCode status, String type, String detail) {
		return this.json.writeValueAsBytes(Problems.fields(status, type, detail));
	}

}
