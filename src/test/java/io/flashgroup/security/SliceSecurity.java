package io.flashgroup.security;

import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The real {@link SecurityConfiguration} in a web slice: the HMAC decoder, the claim
 * checks and the route rules, with bearer tokens minted here as the dev token endpoint
 * mints them. No mock authentication, so a slice also proves which role a route needs.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@Import(SecurityConfiguration.class)
public class SliceSecurity {

	/** The slice's HMAC key, set by {@link #PROPERTY}. */
	static final String SECRET = "slice-test-secret-not-for-production-0123456789";

	/** The property a slice sets so that the HMAC decoder exists. */
	public static final String PROPERTY = "flashgroup.security.hmac-secret=" + SECRET;

	private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(
			new ImmutableSecret<>(SecurityConfiguration.hmacKey(new SecurityProperties(SECRET, false, null, null, 0))));

	/**
	 * The Authorization header value of a token for {@code userId} with {@code roles}.
	 */
	public static String bearer(String userId, String... roles) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(userId)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.claim("roles", List.of(roles))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return "Bearer " + ENCODER.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
