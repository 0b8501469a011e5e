package io.flashgroup.coupon;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A coupon as its owner sees it.
 *
 * @param id coupon id
 * @param postId the post it was claimed from
 * @param sharerName display name of the friend who shared it, when the circle knows it
 * @param sellerId whose campaigns it applies to
 * @param sku the product, which SKU scope limits it to
 * @param scope SHOP or SKU
 * @param terms the share-coupon terms it carries: {@code discount} ({@code {amount}} or
 * {@code {percent, cap}}), {@code minSpend}, {@code validForMs}, {@code claimsPerShare},
 * {@code scope}
 * @param minSpend least order total to use it (as in the terms)
 * @param currency ISO 4217 code
 * @param status AVAILABLE, LOCKED, USED or EXPIRED
 * @param claimedAt when it was claimed
 * @param validUntil usable before it
 * @param usedBy the order paid with it, once USED
 * @param discount with {@code ?applicableTo=} only: what it would take off that order
 * (minor units)
 */
record CouponView(String id, long postId, @Nullable String sharerName, String sellerId, String sku, String scope,
		Coupon.Terms terms, long minSpend, String currency, String status, Instant claimedAt, Instant validUntil,
		@Nullable String usedBy, @Nullable Long discount) {

	static CouponView of(Coupon coupon, @Nullable String sharerName, Instant now, @Nullable Long discount) {
		String usedBy = (coupon.usedBy() != null && !coupon.usedBy().isEmpty()) ? coupon.usedBy() : null;
		return new CouponView(coupon.id(), coupon.postId(), sharerName, coupon.sellerId(), coupon.sku(), coupon.scope(),
				coupon.terms(), coupon.terms().minSpend(), coupon.currency(), coupon.statusAt(now),
				Instant.ofEpochMilli(coupon.claimedAt()), Instant.ofEpochMilli(coupon.validUntil()), usedBy, discount);
	}

}
