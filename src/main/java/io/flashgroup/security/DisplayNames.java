package io.flashgroup.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** How a shopper appears to friends: the token's {@code name} claim, else the user id. */
public final class DisplayNames {

	private static final int MAX = 40;

	private DisplayNames() {
	}

	public static String of(Authentication user) {
		if (user.getPrincipal() instanceof Jwt jwt) {
			String name = jwt.getClaimAsString("name");
			if (name != null && !name.isBlank()) {
				return (name.length() > MAX) ? name.substring(0, MAX) : name;
			}
		}
		return user.getName();
	}

}
