package io.flashgroup.shared;

import java.util.Currency;

/**
 * An amount in integer minor units (cents) of one currency. Never a double.
 *
 * @param minor amount in minor units
 * @param currency ISO 4217 code
 */
public record Money(long minor, String currency) {

	public Money {
		Currency.getInstance(currency);
	}

	public Money times(int quantity) {
		return new Money(Math.multiplyExact(this.minor, quantity), this.currency);
	}

}
