package io.flashgroup.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The machine-readable API contract at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html} in the dev run): springdoc reads routes and schemas from the
 * controllers; {@link ApiContract} adds who may call each route, the bearer scheme, and
 * the RFC 9457 problems each one answers, so clients can switch on {@code type}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	@Bean
	OpenAPI flashgroupOpenApi() {
		return new OpenAPI().info(new Info().title("Flashgroup")
			.version("v1")
			.description("Flash sales, group buys and bargains, live. Errors are RFC 9457 problems "
					+ "(application/problem+json) with a stable type https://flashgroup.io/problems/{name}. Besides the problems listed per "
					+ "route, any request may be refused before it reaches one: malformed-request (400), "
					+ "method-not-allowed (405), not-acceptable (406), content-too-large (413), uri-too-long (414), "
					+ "unsupported-media-type (415), request-header-fields-too-large (431), internal (500).")
			.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("sub is the user id; the roles claim holds SHOPPER, SELLER and/or OPS")));
	}

	/**
	 * Schema names for nested records carry their outer type ({@code Group.View} is
	 * {@code GroupView}, {@code Session.View} is {@code SessionView}); plain simple names
	 * would let one overwrite the other.
	 */
	@Bean
	ModelResolver flashgroupModelResolver(ObjectMapperProvider mappers) {
		return new ModelResolver(mappers.jsonMapper(), new NestedTypeNames());
	}

	@Bean
	OpenApiCustomizer flashgroupContract(ObjectProvider<ApiRoutes> routes) {
		List<ApiRoutes> features = routes.orderedStream().toList();
		return (api) -> {
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.path("/ws", new PathItem().get(new Operation().operationId("liveWebSocket")
				.summary("Live updates over WebSocket")
				.description("Upgrade to WebSocket, then send {\"op\":\"subscribe\",\"topic\":\"flash-sale:42\"}: "
						+ "snapshot, then updates. See the README's live protocol.")
				.responses(new ApiResponses().addApiResponse("101",
						new ApiResponse().description("Switching Protocols")))));
			api.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> ApiContract.route(features, method.name(), path)
						.ifPresent((route) -> describe(operation, route))));
		};
	}

	private static void describe(Operation operation, ApiRoute route) {
		operation.addExtension("x-who", route.who());
		if (route.problems().contains("idempotency-key-required") && operation.getParameters() != null) {
			operation.getParameters()
				.stream()
				.filter((parameter) -> "Idempotency-Key".equals(parameter.getName()))
				.forEach((parameter) -> parameter.required(true)
					.description("1 to 64 characters [A-Za-z0-9._:-]; a retry with the same key returns the first "
							+ "answer and changes nothing"));
		}
		if (route.needsToken()) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		ApiResponse ok = responses.get("200");
		if (route.success() != 200 && ok != null) {
			responses.remove("200");
			responses.addApiResponse(Integer.toString(route.success()), ok.description("Created"));
		}
		Map<Integer, List<String>> byStatus = route.problems()
			.stream()
			.collect(Collectors.groupingBy(ApiContract.STATUS::get, TreeMap::new, Collectors.toList()));
		byStatus.forEach((status, types) -> responses.addApiResponse(Integer.toString(status), problems(types)));
		operation.setResponses(responses);
	}

	private static ApiResponse problems(List<String> types) {
		ApiResponse response = new ApiResponse().description("Problem: " + String.join(", ", types))
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
		response.addExtension("x-problem-types", types);
		return response;
	}

	/** {@code Outer.Inner} is named {@code OuterInner}. */
	static final class NestedTypeNames extends TypeNameResolver {

		@Override
		protected String getNameOfClass(Class<?> type) {
			Class<?> outer = type.getEnclosingClass();
			return (outer != null) ? outer.getSimpleName() + type.getSimpleName() : super.getNameOfClass(type);
		}

	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem; extension fields per type (e.g. stockLeft, errors)")
			.addProperty("type", new StringSchema().format("uri").example("https://flashgroup.io/problems/sold-out"))
			.addProperty("title", new StringSchema().example("Sold out"))
			.addProperty("status", new IntegerSchema().example(409))
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"))
			.required(List.of("type", "title", "status"))
			.additionalProperties(true);
	}

}
