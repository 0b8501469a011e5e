package io.flashgroup.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints tokens for any user and roles. It exists only when
 * {@code flashgroup.security.dev-tokens=true}, which only the dev and test runs set.
 */
@RestController
@ConditionalOnBooleanProperty("flashgroup.security.dev-tokens")
class DevTokenController {

	private static final Set<String> ROLES = Set.of("SHOPPER", "SELLER", "OPS");

	private final JwtEncoder encoder;

	private final SecurityProperties properties;

	DevTokenController(SecurityProperties properties) {
		this.properties = properties;
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(SecurityConfiguration.hmacKey(properties)));
	}

	@PostMapping("/api/dev/tokens")
	Mono<Map<String, String>> token(@Valid @RequestBody TokenRequest request) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(request.userId())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.devTokenTtl()))
			.claim("roles", request.roles())
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return Mono.just(Map.of("token", token));
	}

	/**
	 * A token request.
	 *
	 * @param userId the subject, a user id as {@link UserIds} spells it
	 * @param roles any of SHOPPER, SELLER, OPS
	 */
	record TokenRequest(@NotNull @Pattern(regexp = UserIds.PATTERN, message = "must be " + UserIds.RULE) String userId,
			@NotEmpty List<@Pattern(regexp = "SHOPPER|SELLER|OPS") String> roles) {

		TokenRequest {
			roles = (roles != null) ? roles.stream().filter(ROLES::contains).toList() : roles;
		}

	}

}
