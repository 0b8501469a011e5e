package io.flashgroup.shared;

import tools.jackson.databind.DeserializationFeature;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strict JSON input for the one application {@code JsonMapper} (request bodies, live
 * messages, stored records). Jackson would otherwise truncate {@code 1.5} to {@code 1}
 * for an integer field, so {@code {"quantity":1.5}} bought one unit; now a fraction (and
 * {@code 1.0}, {@code 1e2}) is refused and reported on its field. A body followed by more
 * JSON is refused too, instead of the first value being used.
 */
@Configuration(proxyBeanMethods = false)
class JsonInputConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return (builder) -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

}
