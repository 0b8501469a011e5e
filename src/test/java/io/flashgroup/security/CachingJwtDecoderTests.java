package io.flashgroup.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token cache serves only what the real decoder accepted, and only inside the token's
 * time window, on a clock the test moves.
 */
class CachingJwtDecoderTests {

	private static final String SECRET = "caching-decoder-test-secret-0123456789abcdef";

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final AtomicInteger decoded = new AtomicInteger();

	@Test
	void servesTheSamePrincipalWithoutDecodingAgain() {
		CachingJwtDecoder cache = cache(100);
		String token = token(SECRET, "cached-1", this.clock.instant(), Duration.ofMinutes(10));
		Jwt first = cache.decode(token).block();
		Jwt second = cache.decode(token).block();
		assertThat(second).isSameAs(first);
		assertThat(second.getSubject()).isEqualTo("cached-1");
		assertThat(this.decoded).hasValue(1);
	}

	@Test
	void refusesACachedTokenOnceExpiredPastTheSkew() {
		CachingJwtDecoder cache = cache(100);
		Instant issued = this.clock.instant();
		String token = token(SECRET, "short-lived", issued, Duration.ofSeconds(5));
		assertThat(cache.decode(token).block()).isNotNull();
		this.clock.set(issued.plusSeconds(5).plus(SKEW));
		assertThat(cache.decode(token).block()).isNotNull();
		this.clock.set(issued.plusSeconds(5).plus(SKEW).plusMillis(1));
		StepVerifier.create(cache.decode(token)).expectError(BadJwtException.class).verify();
		StepVerifier.create(cache.decode(token)).expectError(BadJwtException.class).verify();
		assertThat(cache.size()).isZero();
	}

	@Test
	void refusesACachedTokenBeforeItsNotBefore() {
		CachingJwtDecoder cache = cache(100);
		Instant notBefore = this.clock.instant();
		String token = token(SECRET, "not-yet", notBefore, Duration.ofMinutes(10));
		assertThat(cache.decode(token).block()).isNotNull();
		this.clock.set(notBefore.minus(SKEW).minusSeconds(1));
		StepVerifier.create(cache.decode(token)).expectError(BadJwtException.class).verify();
	}

	@Test
	void refusesATokenWithOneByteChanged() {
		CachingJwtDecoder cache = cache(100);
		String token = token(SECRET, "tampered", this.clock.instant(), Duration.ofMinutes(10));
		assertThat(cache.decode(token).block()).isNotNull();
		for (int at : List.of(token.indexOf('.') + 5, token.lastIndexOf('.') + 5)) {
			char[] chars = token.toCharArray();
			chars[at] = (chars[at] == 'A') ? 'B' : 'A';
			String tampered = new String(chars);
			StepVerifier.create(cache.decode(tampered)).expectError(BadJwtException.class).verify();
		}
		assertThat(cache.size()).isOne();
	}

	@Test
	void neverCachesARefusedToken() {
		CachingJwtDecoder cache = cache(100);
		String forged = token("another-secret-not-this-servers-0123456789ab", "forged", this.clock.instant(),
				Duration.ofMinutes(10));
		StepVerifier.create(cache.decode(forged)).expectError(BadJwtException.class).verify();
		StepVerifier.create(cache.decode(forged)).expectError(BadJwtException.class).verify();
		assertThat(cache.size()).isZero();
		assertThat(this.decoded).hasValue(2);
	}

	@Test
	void staysWithinItsBound() {
		CachingJwtDecoder cache = cache(16);
		for (int i = 0; i < 200; i++) {
			String token = token(SECRET, "bounded-" + i, this.clock.instant(), Duration.ofMinutes(10));
			assertThat(cache.decode(token).block().getSubject()).isEqualTo("bounded-" + i);
			assertThat(cache.size()).isLessThanOrEqualTo(16);
		}
		assertThat(cache.size()).isPositive();
	}

	@Test
	void dropsExpiredEntriesFirstWhenFull() {
		CachingJwtDecoder cache = cache(4);
		String longLived = token(SECRET, "long-lived", this.clock.instant(), Duration.ofHours(1));
		cache.decode(longLived).block();
		for (int i = 0; i < 3; i++) {
			cache.decode(token(SECRET, "brief-" + i, this.clock.instant(), Duration.ofSeconds(1))).block();
		}
		this.clock.set(this.clock.instant().plus(SKEW).plusSeconds(2));
		cache.decode(token(SECRET, "newcomer", this.clock.instant(), Duration.ofMinutes(10))).block();
		cache.decode(longLived).block();
		assertThat(cache.size()).isEqualTo(2);
		assertThat(this.decoded).hasValue(5);
	}

	private CachingJwtDecoder cache(int maxEntries) {
		NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
			.withSecretKey(SecurityConfiguration.hmacKey(new SecurityProperties(SECRET, false, null, SKEW, 0)))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		JwtTimestampValidator expiry = new JwtTimestampValidator(SKEW);
		expiry.setAllowEmptyExpiryClaim(false);
		expiry.setClock(this.clock);
		nimbus.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(expiry, new TokenClaims())));
		ReactiveJwtDecoder counting = (token) -> {
			this.decoded.incrementAndGet();
			return nimbus.decode(token);
		};
		return new CachingJwtDecoder(counting, maxEntries, SKEW, this.clock);
	}

	private static String token(String secret, String userId, Instant from, Duration lifetime) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
				SecurityConfiguration.hmacKey(new SecurityProperties(secret, false, null, SKEW, 0))));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(userId)
			.issuedAt(from)
			.notBefore(from)
			.expiresAt(from.plus(lifetime))
			.claim("roles", List.of("SHOPPER"))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	/**
	 * A clock the test sets; read by the cache and by the decoder's expiry check alike.
	 */
	private static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
