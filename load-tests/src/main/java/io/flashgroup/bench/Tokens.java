package io.flashgroup.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 bearer tokens the way the server's dev token endpoint does ({@code sub},
 * {@code roles}, {@code iat}, {@code exp}), so thousands of shoppers cost no round trip.
 */
final class Tokens {

	/** The dev and test runs' key (src/test/resources/application-dev.yml). */
	static final String DEV_SECRET = "dev-only-secret-not-for-production-use-0123456789";

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	Tokens(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	String mint(String userId, String... roles) {
		long now = System.currentTimeMillis() / 1000;
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"sub\":\"%s\",\"roles\":[%s],\"iat\":%d,\"exp\":%d}".formatted(userId,
				List.of(roles).stream().map((role) -> "\"" + role + "\"").collect(Collectors.joining(",")), now,
				now + 6 * 3600));
		String signingInput = header + "." + claims;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return signingInput + "." + BASE64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String json) {
		return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
