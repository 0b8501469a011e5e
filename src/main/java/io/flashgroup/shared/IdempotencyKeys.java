package io.flashgroup.shared;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** The {@code Idempotency-Key} header every state-changing shopper request must carry. */
public final class IdempotencyKeys {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private IdempotencyKeys() {
	}

	/** The key, or a 400 {@code idempotency-key-required} problem. */
	public static String require(@Nullable String key) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "idempotency-key-required",
					"Send an Idempotency-Key header of 1 to 64 characters [A-Za-z0-9._:-]; reuse it to retry safely");
		}
		return key;
	}

}
