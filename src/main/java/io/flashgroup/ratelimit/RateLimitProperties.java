package io.flashgroup.ratelimit;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits of the write endpoints, one pair of buckets (per user, per client IP) per
 * endpoint class. The defaults live in {@code application.yml}; a bucket left out here is
 * off.
 *
 * @param enabled whether any limit applies
 * @param exemptLoopback whether requests from a loopback client address skip the per-IP
 * buckets (the dev run, benchmarks and a same-host sidecar); per-user buckets still apply
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the server:
 * only a request arriving from one of them has its client IP taken from
 * {@code X-Forwarded-For}; otherwise the header is ignored, since anyone can send it
 * @param purchase flash-sale purchases, group seats, bargain purchases, payments
 * @param session bargain session starts and cuts
 * @param create campaign creation by sellers
 * @param fallback every other write under {@code /api} ({@code default} in configuration)
 */
@ConfigurationProperties("flashgroup.rate-limits")
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean exemptLoopback,
		@DefaultValue List<String> trustedProxies, @DefaultValue @Valid Limits purchase,
		@DefaultValue @Valid Limits session, @DefaultValue @Valid Limits create,
		@Name("default") @DefaultValue @Valid Limits fallback) {

	Limits of(EndpointClass endpointClass) {
		return switch (endpointClass) {
			case PURCHASE -> this.purchase;
			case SESSION -> this.session;
			case CREATE -> this.create;
			case DEFAULT -> this.fallback;
		};
	}

	/**
	 * The two buckets of one endpoint class.
	 *
	 * @param user one bucket per signed-in user
	 * @param ip one bucket per client IP address
	 */
	public record Limits(@DefaultValue @Valid Bucket user, @DefaultValue @Valid Bucket ip) {
	}

	/**
	 * A token bucket: a request takes a token; tokens come back continuously.
	 *
	 * @param capacity the burst: tokens a full bucket holds; 0 turns this bucket off
	 * @param refillPerSecond tokens that come back per second (fractions allowed)
	 */
	public record Bucket(@DefaultValue("0") @Min(0) int capacity,
			@DefaultValue("0") @PositiveOrZero double refillPerSecond) {

		boolean on() {
			return this.capacity > 0 && this.refillPerSecond > 0;
		}

	}

}
