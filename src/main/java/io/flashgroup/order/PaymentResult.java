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

}
