package io.flashgroup.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 bearer tokens the way the server checks them ({@code sub}, {@code roles},
 * {@code iat}, {@code exp}), so thousands of shoppers cost no round trip. The Gatling
 * rehearsals mint theirs here too.
 */
public final class Tokens {

	/** The dev and test runs' key (src/test/resources/application-dev.yml). */
	static final String DEV_SECRET = "dev-only-secret-not-for-production-use-0123456789";

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

	private final byte[] key;

	Tokens(String secret) {
		this.key = secret.getBytes(StandardCharsets.UTF_8);
	}

	String mint(String userId, String... roles) {
		return hs256(this.key, userId, List.of(roles), Instant.now(), Duration.ofHours(6));
	}

	/**
	 * Mints one token.
	 * @param key the raw HMAC key
	 * @param subject the user id ({@code [A-Za-z0-9._@-]}, nothing to escape)
	 * @param roles role names
	 * @param issuedAt issue time
	 * @param ttl lifetime
	 * @return the compact token
	 */
	public static String hs256(byte[] key, String subject, List<String> roles, Instant issuedAt, Duration ttl) {
		String claims = encode("{\"sub\":\"%s\",\"roles\":[%s],\"iat\":%d,\"exp\":%d}".formatted(subject,
				roles.stream().map((role) -> "\"" + role + "\"").collect(Collectors.joining(",")),
				issuedAt.getEpochSecond(), issuedAt.plus(ttl).getEpochSecond()));
		String signingInput = HEADER + "." + claims;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return signingInput + "." + BASE64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot mint a token", ex);
		}
	}

	private static String encode(String json) {
		return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
