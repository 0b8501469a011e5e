package io.flashgroup.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the tokens its delegate accepted, so that a shopper's next requests skip
 * parsing, the signature check and the claim checks (a tenth of a request's CPU in the
 * profile of the authenticated ping). Only what the delegate decoded without error gets
 * in, keyed by the exact token text: a forged, tampered or refused token is never served
 * from here. The time window is checked on every hit as the delegate's
 * {@code JwtTimestampValidator} checks it: an entry is refused after its {@code exp} plus
 * the skew and before its {@code nbf} minus the skew (and dropped: the delegate then
 * refuses it with its own error). The claim checks depend on the token alone, so their
 * verdict holds for its lifetime. With a JWK set, a key removed from the set stops tokens
 * already cached only at their expiry or eviction
 * ({@code flashgroup.security.token-cache-size: 0} turns the cache off).
 * <p>
 * Bounded by {@code maxEntries}: when full, expired entries go first, then arbitrary ones
 * (the map's iteration order) until an eighth is free, so a flood of fresh tokens costs
 * one sweep per eighth of the bound, never a growing heap.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final int maxEntries;

	private final long skewMillis;

	private final Clock clock;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	CachingJwtDecoder(ReactiveJwtDecoder delegate, int maxEntries, Duration clockSkew, Clock clock) {
		this.delegate = delegate;
		this.maxEntries = maxEntries;
		this.skewMillis = clockSkew.toMillis();
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Entry entry = this.entries.get(token);
		if (entry != null) {
			if (entry.validAt(this.clock.millis())) {
				return Mono.just(entry.jwt());
			}
			// Out of its window: the delegate refuses it, with the very same error.
			this.entries.remove(token, entry);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> remember(token, jwt));
	}

	int size() {
		return this.entries.size();
	}

	private void remember(String token, Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			// Never with this server's validators (exp is required); nothing to bound it
			// by.
			return;
		}
		Instant notBefore = jwt.getNotBefore();
		long first = (notBefore != null) ? notBefore.toEpochMilli() - this.skewMillis : Long.MIN_VALUE;
		Entry entry = new Entry(jwt, first, expiresAt.toEpochMilli() + this.skewMillis);
		if (this.entries.size() >= this.maxEntries) {
			makeRoom();
		}
		if (this.entries.size() < this.maxEntries) {
			this.entries.put(token, entry);
		}
	}

	/** One thread sweeps at a time; the others skip caching meanwhile. */
	private void makeRoom() {
		if (!this.sweeping.compareAndSet(false, true)) {
			return;
		}
		try {
			long now = this.clock.millis();
			this.entries.values().removeIf((entry) -> now > entry.lastMillis());
			int target = this.maxEntries - Math.max(1, this.maxEntries / 8);
			Iterator<Entry> arbitrary = this.entries.values().iterator();
			while (this.entries.size() > target && arbitrary.hasNext()) {
				arbitrary.next();
				arbitrary.remove();
			}
		}
		finally {
			this.sweeping.set(false);
		}
	}

	/**
	 * A decoded token and the epoch milliseconds between which it may be served, skew
	 * included.
	 */
	private record Entry(Jwt jwt, long firstMillis, long lastMillis) {

		boolean validAt(long now) {
			return now >= this.firstMillis && now <= this.lastMillis;
		}

	}

}
