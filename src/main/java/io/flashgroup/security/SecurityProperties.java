package io.flashgroup.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings.
 *
 * @param hmacSecret shared HMAC key (at least 32 bytes) for HS256 tokens; when unset,
 * tokens are verified with {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}
 * @param devTokens whether {@code POST /api/dev/tokens} exists; only the dev and test
 * runs set it
 * @param devTokenTtl lifetime of dev tokens
 * @param clockSkew how far a token's {@code exp} (required) and {@code nbf} may be off
 * this server's clock, for issuers whose clocks drift a little from ours
 * @param tokenCacheSize how many decoded tokens are remembered, each until its
 * {@code exp} (plus the skew), so that a client's next requests skip the signature and
 * claim checks; 0 turns the cache off
 */
@ConfigurationProperties("flashgroup.security")
public record SecurityProperties(@Nullable String hmacSecret, @DefaultValue("false") boolean devTokens,
		@DefaultValue("12h") Duration devTokenTtl, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue("10000") int tokenCacheSize) {
}
