package io.flashgroup.shared;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API route answers JSON unless it says otherwise (the event stream). Declaring it
 * on the mapping makes a client that accepts only, say, {@code text/plain} get its 406
 * before the handler runs: without it, a purchase with {@code Accept: text/plain} would
 * reserve the unit and only then fail to write the answer. Its lookup is narrowed by path
 * ({@link PathIndexedMapping}).
 */
@Component
class JsonMappings implements WebFluxRegistrations {

	@Override
	public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
		return new PathIndexedMapping() {

			@Override
			protected @Nullable RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
				RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
				if (info == null || !info.getProducesCondition().isEmpty()) {
					return info;
				}
				return info.mutate().produces(MediaType.APPLICATION_JSON_VALUE).build();
			}

		};
	}

}
