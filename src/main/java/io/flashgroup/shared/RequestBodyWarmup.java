package io.flashgroup.shared;

import org.reactivestreams.Publisher;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Builds the JSON reader of every {@code @RequestBody} type at startup. Otherwise the
 * first requests of a rush build a body's deserializer on event-loop threads at once, and
 * all but one park on Jackson's deserializer-cache lock (BlockHound failed a request of a
 * rush on a fresh server with a 500, first on an invite code).
 */
@Component
class RequestBodyWarmup implements ApplicationListener<ApplicationStartedEvent> {

	private final JsonMapper json;

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	RequestBodyWarmup(JsonMapper json, ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.json = json;
		this.mappings = mappings;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		this.mappings.orderedStream()
			.flatMap((mapping) -> mapping.getHandlerMethods().values().stream())
			.map(HandlerMethod::getMethodParameters)
			.flatMap(java.util.Arrays::stream)
			.filter((parameter) -> parameter.hasParameterAnnotation(RequestBody.class))
			.map(RequestBodyWarmup::bodyType)
			.distinct()
			.forEach((type) -> this.json.readerFor(this.json.constructType(type.getType())));
	}

	/** The body's type, {@code T} of a {@code Mono<T>} or {@code Flux<T>}. */
	private static ResolvableType bodyType(MethodParameter parameter) {
		ResolvableType type = ResolvableType.forMethodParameter(parameter);
		return Publisher.class.isAssignableFrom(type.toClass()) ? type.getGeneric(0) : type;
	}

}
