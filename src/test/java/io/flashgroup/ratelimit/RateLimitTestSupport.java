package io.flashgroup.ratelimit;

import java.time.Instant;
import java.util.Map;

import io.flashgroup.IntegrationTestSupport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Campaigns, requests and counters the rate limit tests share. */
abstract class RateLimitTestSupport extends IntegrationTestSupport {

	@Autowired
	MeterRegistry meters;

	/** A bargain live for an hour, by a seller of its own. */
	long bargain() {
		Instant now = Instant.now();
		return json(client().post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("rl-seller-" + System.nanoTime(), "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "RL-B", "title", "Limited bargain", "currency", "EUR", "listPrice", 1000,
					"floorPrice", 500, "helpersNeeded", 5, "sessionTtl", "PT30M", "stock", 100, "startsAt",
					now.minusSeconds(5).toString(), "endsAt", now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
	}

	/**
	 * Starts a bargain session; {@code forwardedFor} is sent as X-Forwarded-For unless
	 * null.
	 */
	WebTestClient.ResponseSpec startSession(long bargainId, String shopperToken, String forwardedFor) {
		WebTestClient.RequestHeadersSpec<?> request = client().post()
			.uri("/api/bargains/{id}/sessions", bargainId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopperToken);
		if (forwardedFor != null) {
			request = request.header("X-Forwarded-For", forwardedFor);
		}
		return request.exchange();
	}

	double rejected(String endpointClass, String by) {
		Counter counter = this.meters.find("flashgroup.rate-limit.rejected")
			.tags("class", endpointClass, "by", by)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	double failOpen(String endpointClass) {
		Counter counter = this.meters.find("flashgroup.rate-limit.fail-open").tag("class", endpointClass).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
