package io.flashgroup.chat;

import java.util.List;
import java.util.Map;

import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The per-shopper chat limit: the rate limiter's token bucket script on the shopper's own
 * key {@code {rl:user:<id>}:chat}, sized by {@code flashgroup.chat.*}. Checked only for a
 * message about to be stored: a refused or retried send takes no token.
 */
@Component
class ChatLimit {

	private static final LuaScript TAKE = LuaScript.load("rate_limit");

	private final LuaScripts scripts;

	private final ChatProperties properties;

	ChatLimit(LuaScripts scripts, ChatProperties properties) {
		this.scripts = scripts;
		this.properties = properties;
	}

	static String key(String userId) {
		return "{rl:user:" + userId + "}:chat";
	}

	/** Completes when the shopper may send, else fails with {@link Limited}. */
	Mono<Void> take(String userId) {
		return this.scripts
			.multi(TAKE, new String[] { key(userId) }, Integer.toString(this.properties.messagesPerWindow()),
					Double.toString(this.properties.refillPerSecond()))
			.flatMap((reply) -> allowed(reply) ? Mono.empty()
					: Mono.error(new Limited(this.properties.messagesPerWindow(), retryAfterSeconds(reply))));
	}

	private static boolean allowed(List<Object> reply) {
		return ((Long) reply.get(0)) == 1;
	}

	private static long retryAfterSeconds(List<Object> reply) {
		return Math.max(1, ((Long) reply.get(2) + 999) / 1000);
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
