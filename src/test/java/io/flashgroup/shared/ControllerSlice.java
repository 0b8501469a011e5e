package io.flashgroup.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.flashgroup.security.SliceSecurity;

import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@code @WebFluxTest} of some controllers as the server answers them: the problem
 * handlers ({@link ProblemHandler}, {@link LastResortProblems}), strict JSON input, JSON
 * mappings, the validation warm-up (BlockHound is on), the Idempotency-Key filter and the
 * real security configuration. Everything below the controllers is a
 * {@code @MockitoBean}; no Redis, no PostgreSQL. The rate limiter (a Redis client) is
 * left out: its refusals have their own tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebFluxTest(properties = SliceSecurity.PROPERTY,
		excludeFilters = @Filter(type = FilterType.REGEX, pattern = "io\\.flashgroup\\.ratelimit\\..*"))
@Import({ ProblemWriter.class, JsonInputConfiguration.class, JsonMappings.class, ValidationWarmup.class,
		SliceSecurity.class })
public @interface ControllerSlice {

	/** The controllers under test. */
	@AliasFor(annotation = WebFluxTest.class, attribute = "controllers")
	Class<?>[] value();

}
