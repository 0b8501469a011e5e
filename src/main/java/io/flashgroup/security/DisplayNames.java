package io.flashgroup.security;

import java.util.regex.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** How a shopper appears to friends: the token's {@code name} claim, else the user id. */
public final class DisplayNames {

	private static final int MAX = 40;

	private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

	private DisplayNames() {
	}

	public static String of(Authentication user) {
		if (user.getPrincipal() instanceof Jwt jwt) {
			String claim = jwt.getClaimAsString("name");
			// Control characters (a NUL above all, which PostgreSQL text refuses) never
			// reach a group's members or a session's cuts.
			String name = (claim != null) ? CONTROL.matcher(claim).replaceAll("") : null;
			if (name != null && !name.isBlank()) {
				return (name.length() > MAX) ? name.substring(0, MAX) : name;
			}
		}
		return user.getName();
	}

}
