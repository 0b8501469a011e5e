package io.flashgroup.chat;

import java.util.Map;

import io.flashgroup.ratelimit.TokenBuckets;
import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The per-shopper chat limit: one of the rate limiter's token buckets, on the shopper's
 * own key {@code {rl:user:<id>}:chat}, sized by {@code flashgroup.chat.*}. Checked only
 * for a message about to be stored: a refused or retried send takes no token.
 */
@Component
class ChatLimit {

	private final TokenBuckets buckets;

	private final ChatProperties properties;

	ChatLimit(TokenBuckets buckets, ChatProperties properties) {
		this.buckets = buckets;
		this.properties = properties;
	}

	static String key(String userId) {
		return "{rl:user:" + userId + "}:chat";
	}

	/** Completes when the shopper may send, else fails with {@link Limited}. */
	Mono<Void> take(String userId) {
		return this.buckets.take(key(userId), this.properties.messagesPerWindow(), this.properties.refillPerSecond())
			.flatMap((verdict) -> verdict.allowed() ? Mono.empty()
					: Mono.error(new Limited(this.properties.messagesPerWindow(), verdict.retryAfterSeconds())));
	}

	/** A shopper sent too many messages: 429 with {@code Retry-After}. */
	static final class Limited extends ProblemException {

		private final long retryAfterSeconds;

		Limited(int limit, long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
					"Too many messages; try again in " + retryAfterSeconds + " s",
					Map.of("retryAfter", retryAfterSeconds, "limit", limit));
			this.retryAfterSeconds = retryAfterSeconds;
		}

		long retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
