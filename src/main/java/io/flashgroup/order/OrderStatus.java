package io.flashgroup.order;

/**
 * Lifecycle of an order: RESERVED then PAID (then SETTLED, or REFUND_PENDING and REFUNDED
 * when its group fails), or EXPIRED or CANCELLED.
 */
public enum OrderStatus {

	RESERVED, PAID, SETTLED, REFUND_PENDING, REFUNDED, EXPIRED, CANCELLED;

	/** Whether an order in this status keeps its units out of the campaign's stock. */
	public boolean holdsStock() {
		return this == RESERVED || this == PAID || this == SETTLED;
	}

}
