/**
 * Share coupons: their Redis slots, claims' coupons, redemption at payment.
 */
@NullMarked
package io.flashgroup.coupon;

import org.jspecify.annotations.NullMarked;
