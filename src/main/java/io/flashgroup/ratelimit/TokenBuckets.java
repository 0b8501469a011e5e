package io.flashgroup.ratelimit;

import java.util.List;

import io.flashgroup.ratelimit.RateLimitProperties.Bucket;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis, one small hash per subject and endpoint class, each under its
 * subject's own hash tag ({@code {rl:user:<id>}:purchase}, {@code {rl:ip:<ip>}:session}):
 * one key per check, so one slot, and subjects spread over a cluster's shards.
 */
@Component
public class TokenBuckets {

	private static final LuaScript TAKE = LuaScript.load("rate_limit");

	private final LuaScripts scripts;

	TokenBuckets(LuaScripts scripts) {
		this.scripts = scripts;
	}

	/** The bucket of a subject, e.g. {@code user:u1} or {@code ip:203.0.113.7}. */
	static String key(String subject, EndpointClass endpointClass) {
		return "{rl:" + subject + "}:" + endpointClass.tag();
	}

	/** Takes one token from the subject's bucket of the class, if there is one. */
	Mono<Verdict> take(String subject, EndpointClass endpointClass, Bucket bucket) {
		return take(key(subject, endpointClass), bucket.capacity(), bucket.refillPerSecond());
	}

	/**
	 * Takes one token from a bucket of another limit (e.g. a feature's own, such as the
	 * chat's per-shopper bucket); the key names its subject's hash tag.
	 * @param key the bucket's key, e.g. {@code {rl:user:<id>}:chat}
	 * @param capacity the burst
	 * @param refillPerSecond tokens back per second
	 * @return what the bucket said
	 */
	public Mono<Verdict> take(String key, int capacity, double refillPerSecond) {
		return this.scripts
			.multi(TAKE, new String[] { key }, Integer.toString(capacity), Double.toString(refillPerSecond))
			.map(TokenBuckets::verdict);
	}

	private static Verdict verdict(List<Object> reply) {
		return new Verdict(((Long) reply.get(0)) == 1, (Long) reply.get(1), (Long) reply.get(2));
	}

	/**
	 * What a bucket said.
	 *
	 * @param allowed whether a token was taken
	 * @param tokensLeft whole tokens still in the bucket
	 * @param retryAfterMillis when refused, how long until a token is there
	 */
	public record Verdict(boolean allowed, long tokensLeft, long retryAfterMillis) {

		static final Verdict NOT_LIMITED = new Verdict(true, Long.MAX_VALUE, 0);

		/** {@code Retry-After} in whole seconds, rounded up, at least 1. */
		public long retryAfterSeconds() {
			return Math.max(1, (this.retryAfterMillis + 999) / 1000);
		}

	}

}
