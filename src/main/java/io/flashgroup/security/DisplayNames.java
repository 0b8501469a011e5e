package io.flashgroup.security;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * How a shopper appears to friends: the token's {@code name} claim, cleaned, else the
 * user id. The name is stored in Redis and PostgreSQL and shown on every group and
 * session page, so it is cleaned rather than trusted.
 */
public final class DisplayNames {

	/** At most this many characters (code points), so an emoji is never cut in half. */
	private static final int MAX = 40;

	/**
	 * Control characters (a NUL above all, which PostgreSQL text refuses) and UTF-16
	 * surrogates without their pair (they have no UTF-8 spelling: Redis would get a "?").
	 * Java regexes read a well-formed pair as one code point, so {@code Cs} matches only
	 * the unpaired ones.
	 */
	private static final Pattern UNSTORABLE = Pattern.compile("[\\p{Cc}\\p{Cs}]");

	private DisplayNames() {
	}

	public static String of(Authentication user) {
		if (user.getPrincipal() instanceof Jwt jwt) {
			String name = clean(jwt.getClaimAsString("name"));
			if (name != null) {
				return name;
			}
		}
		return user.getName();
	}

	/** The name without unstorable characters, bounded, or null when nothing is left. */
	static @Nullable String clean(@Nullable String claim) {
		if (claim == null) {
			return null;
		}
		String name = UNSTORABLE.matcher(claim).replaceAll("").strip();
		if (name.isEmpty()) {
			return null;
		}
		return (name.codePointCount(0, name.length()) > MAX) ? name.substring(0, name.offsetByCodePoints(0, MAX))
				: name;
	}

}
