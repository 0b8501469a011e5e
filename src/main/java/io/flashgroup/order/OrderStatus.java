package io.flashgroup.order;

/**
 * Lifecycle of an order: RESERVED then PAID (then SETTLED or REFUNDED), or EXPIRED or
 * CANCELLED.
 */
public enum OrderStatus {

	RESERVED, PAID, SETTLED, REFUNDED, EXPIRED, CANCELLED

}
