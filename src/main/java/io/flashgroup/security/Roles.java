package io.flashgroup.security;

import org.springframework.security.core.Authentication;

/** The roles a token may hold, as the routes check them. */
public final class Roles {

	private Roles() {
	}

	/**
	 * Whether the caller holds the ops role (who may read any order, stop any campaign).
	 */
	public static boolean isOps(Authentication user) {
		return user.getAuthorities().stream().anyMatch((a) -> "ROLE_OPS".equals(a.getAuthority()));
	}

}
