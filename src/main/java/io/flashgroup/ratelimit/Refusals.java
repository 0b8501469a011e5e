package io.flashgroup.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.flashgroup.ratelimit.TokenBuckets.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * What this node already knows is refused: after the script answered that a bucket has no
 * token for {@code retryAfterMillis}, every request on that bucket until then is refused
 * here, without a Redis round trip. The answer is the one Redis would give (no token
 * comes back before that time, whatever other nodes do), so a flood costs Redis one
 * script per bucket per refill instead of one per request. Bounded: past
 * {@link #MAX_ENTRIES} buckets the expired ones are dropped, and if that is not enough,
 * all of them (they are only a shortcut).
 */
final class Refusals {

	static final int MAX_ENTRIES = 100_000;

	private final Map<String, Long> until = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	Refusals(LongSupplier clock) {
		this.clock = clock;
	}

	/** The refusal still running for {@code bucket}, or null. */
	@Nullable Verdict current(String bucket) {
		Long end = this.until.get(bucket);
		if (end == null) {
			return null;
		}
		long left = end - this.clock.getAsLong();
		if (left <= 0) {
			this.until.remove(bucket, end);
			return null;
		}
		return new Verdict(false, 0, left);
	}

	/** Remembers a refusal the script answered. */
	void remember(String bucket, Verdict verdict) {
		if (verdict.allowed() || verdict.retryAfterMillis() <= 0) {
			return;
		}
		if (this.until.size() >= MAX_ENTRIES) {
			long now = this.clock.getAsLong();
			this.until.values().removeIf((end) -> end <= now);
			if (this.until.size() >= MAX_ENTRIES) {
				this.until.clear();
			}
		}
		this.until.put(bucket, this.clock.getAsLong() + verdict.retryAfterMillis());
	}

}
