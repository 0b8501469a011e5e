package io.flashgroup.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flashgroup.rate-limit.rejected{class,by}} and
 * {@code flashgroup.rate-limit.fail-open{class}}; counters are looked up once, since a
 * flood of refusals is exactly when this runs most.
 */
final class RateLimitMetrics {

	private final MeterRegistry meters;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	RateLimitMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void rejected(EndpointClass endpointClass, String by) {
		this.counters
			.computeIfAbsent("rejected:" + endpointClass.tag() + ":" + by,
					(name) -> Counter.builder("flashgroup.rate-limit.rejected")
						.description("Writes refused with 429 by a rate limit")
						.tag("class", endpointClass.tag())
						.tag("by", by)
						.register(this.meters))
			.increment();
	}

	void failedOpen(EndpointClass endpointClass) {
		this.counters
			.computeIfAbsent("fail-open:" + endpointClass.tag(),
					(name) -> Counter.builder("flashgroup.rate-limit.fail-open")
						.description("Writes let through because Redis could not answer the rate limit check")
						.tag("class", endpointClass.tag())
						.register(this.meters))
			.increment();
	}

}
