package io.flashgroup.shared;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The {@code Idempotency-Key} header every state-changing shopper request must carry: 1
 * to 64 characters of {@code [A-Za-z0-9._:-]}, a subset of visible ASCII, so a key is
 * stored and compared byte for byte everywhere (Redis hash fields, PostgreSQL, JSON). No
 * key is {@code idempotency-key-required}; any other key,
 * {@code idempotency-key-invalid}.
 */
public final class IdempotencyKeys {

	public static final String HEADER = "Idempotency-Key";

	private static final String RULE = "1 to 64 characters [A-Za-z0-9._:-]";

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private IdempotencyKeys() {
	}

	/**
	 * The key, or a 400 problem: {@code idempotency-key-required} when none (or an empty
	 * one) was sent, {@code idempotency-key-invalid} when it breaks the rule.
	 */
	public static String require(@Nullable String key) {
		if (key == null || key.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "idempotency-key-required",
					"Send an Idempotency-Key header of " + RULE + "; reuse it to retry safely");
		}
		if (!valid(key)) {
			throw invalid();
		}
		return key;
	}

	/** Whether the header's values (null when absent) may reach a controller. */
	static boolean acceptable(@Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			return true;
		}
		return values.size() == 1 && (values.get(0).isEmpty() || valid(values.get(0)));
	}

	static ProblemException invalid() {
		return new ProblemException(HttpStatus.BAD_REQUEST, "idempotency-key-invalid",
				"The Idempotency-Key header must be " + RULE);
	}

	private static boolean valid(String key) {
		return KEY.matcher(key).matches();
	}

}
