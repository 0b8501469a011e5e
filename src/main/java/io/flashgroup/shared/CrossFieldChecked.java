package io.flashgroup.shared;

import java.time.Instant;
import java.util.Currency;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request whose fields constrain each other (a window's end after its start, a leader
 * price not above the group price). Each broken rule is reported on the request field a
 * client has to change, by {@link CrossFieldRules}, so {@code errors} stay keyed by
 * request fields and the seller page shows every message next to its input.
 */
public interface CrossFieldChecked {

	/**
	 * The broken rules: request field (dotted for nested ones, e.g.
	 * {@code virtualFill.minRealMembers}) to message; empty when every rule holds. Rules
	 * skip fields that are missing or malformed, which their own constraints report.
	 */
	Map<String, String> crossFieldErrors();

	/** {@code endsAt} must come after {@code startsAt}. */
	static void checkWindow(Map<String, String> errors, @Nullable Instant startsAt, @Nullable Instant endsAt) {
		if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
			errors.put("endsAt", "must be after startsAt");
		}
	}

	/** A well-formed {@code currency} must also be a currency Java knows. */
	static void checkCurrency(Map<String, String> errors, @Nullable String currency) {
		if (currency != null && currency.matches("[A-Z]{3}")
				&& Currency.getAvailableCurrencies()
					.stream()
					.noneMatch((known) -> known.getCurrencyCode().equals(currency))) {
			errors.put("currency", "is not a known ISO 4217 code");
		}
	}

}
