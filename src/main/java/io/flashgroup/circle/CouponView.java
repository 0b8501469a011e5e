package io.flashgroup.circle;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * What the claimer sees of a coupon they claimed.
 *
 * @param id coupon id ({@code <postId>-<n>})
 * @param postId the post it came from
 * @param sellerId the seller whose orders it discounts
 * @param sku the product (the scope SKU)
 * @param scope SHOP or SKU
 * @param terms discount, minSpend, validForMs, claimsPerShare, scope
 * @param currency ISO 4217 code
 * @param status AVAILABLE, LOCKED, USED or EXPIRED
 * @param claimedAt when it was claimed
 * @param validUntil when it expires
 */
record CouponView(String id, long postId, String sellerId, String sku, String scope, JsonNode terms, String currency,
		String status, Instant claimedAt, Instant validUntil) {

	static CouponView of(Coupon coupon, long now) {
		return new CouponView(coupon.id(), coupon.postId(), coupon.sellerId(), coupon.sku(), coupon.scope(),
				coupon.terms(), coupon.currency(), coupon.statusAt(now), Instant.ofEpochMilli(coupon.claimedAt()),
				Instant.ofEpochMilli(coupon.validUntil()));
	}

}
