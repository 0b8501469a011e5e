package io.flashgroup.order;

import reactor.core.publisher.Mono;

/**
 * Port to the coupons an order may be paid with, implemented outside {@code order} (by
 * {@code coupon.Coupons}) so orders never depend on coupons. Paying with a coupon is a
 * saga over two Redis slots: {@link #lock} on the coupon's slot, the charge, marking the
 * order paid with the discount on the order's slot, then {@link #settle}. The order's
 * status is the fence: a lock ends only as the order's fate says (see {@link #settle}).
 */
public interface OrderDiscounts {

	/**
	 * Locks the coupon for the order, whose owner pays, and emits the discount it gives
	 * on the order's total. Errors with a {@code ProblemException} (coupon-not-found,
	 * coupon-used, coupon-expired, coupon-locked, coupon-not-applicable,
	 * coupon-min-spend) when the coupon cannot be used; nothing is locked then.
	 */
	Mono<Long> lock(Order order, String couponId);

	/**
	 * Ends the coupon's lock by this order as the order's current version says: USED when
	 * it is paid with the coupon, AVAILABLE again when it can no longer be (EXPIRED,
	 * CANCELLED, or paid without it), left LOCKED while it is still RESERVED. Harmless
	 * twice.
	 */
	Mono<Void> settle(Order order, String couponId);

	/**
	 * One pay attempt with the coupon ended without marking the order paid (declined
	 * charge, order gone): it gives up its hold, and the coupon is AVAILABLE again at
	 * once when no other attempt holds it.
	 */
	Mono<Void> declined(Order order, String couponId);

}
