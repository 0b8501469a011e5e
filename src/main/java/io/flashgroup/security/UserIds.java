package io.flashgroup.security;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The one written form of a user id (a token's {@code sub}): 1 to 64 characters of
 * {@code [A-Za-z0-9._@|-]}, enough for e-mail addresses, UUIDs and {@code provider|id}
 * subjects. No {@code :}, because a user id and an Idempotency-Key (which may hold
 * {@code :}) are joined as {@code <user>:<key>} in Redis hash fields, so user {@code a:b}
 * with key {@code c} would meet user {@code a} with key {@code b:c}; no braces, which
 * would read as a Redis cluster hash tag; no spaces, controls or non-ASCII text, which
 * PostgreSQL, logs and URLs may each spell differently.
 */
final class UserIds {

	static final String PATTERN = "[A-Za-z0-9._@|-]{1,64}";

	static final String RULE = "1 to 64 characters [A-Za-z0-9._@|-]";

	private static final Pattern ID = Pattern.compile(PATTERN);

	private UserIds() {
	}

	static boolean valid(@Nullable String id) {
		return id != null && ID.matcher(id).matches();
	}

}
