package io.flashgroup.order;

/** Outcome of paying an order. Business outcomes, not exceptions. */
public sealed interface PaymentResult {

	/** The order is paid (now, or by an earlier identical request). */
	record Paid(Order order) implements PaymentResult {
	}

	/** The pay window had passed; the reservation is expired and its stock returned. */
	record Expired(Order order) implements PaymentResult {
	}

	/** The order is in a status that cannot be paid (e.g. cancelled by the seller). */
	record NotPayable(Order order) implements PaymentResult {
	}

	/**
	 * The payment provider declined the charge: nothing was charged, the order stays
	 * payable (a coupon it held is released).
	 */
	record Declined(Order order, String reason) implements PaymentResult {
	}

	/**
	 * Redis does not hold the order any more (it lost its data): nothing was charged, or
	 * the charge was refunded. A retry may succeed once the campaign's state is back.
	 */
	record Unavailable(Order order) implements PaymentResult {
	}

}
