package io.flashgroup.circle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One version of a coupon, as the scripts store it in {@code {circle:n}:coupons} and
 * write it to the outbox (the contract shared with the coupon package's redemption).
 *
 * @param id {@code <postId>-<n>}
 * @param postId the post it was claimed from
 * @param userId the shopper who claimed it
 * @param sharerId the post's author
 * @param sellerId the seller whose orders it discounts
 * @param sku the product (for SKU scope)
 * @param scope SHOP or SKU
 * @param terms the share-coupon terms
 * @param currency ISO 4217 code
 * @param status AVAILABLE, LOCKED or USED (EXPIRED is computed at read)
 * @param claimedAt epoch ms
 * @param validUntil epoch ms
 * @param lockedBy the order that locked it, or empty (null in versions the coupon package
 * wrote)
 * @param lockedAt epoch ms of the lock, or 0
 * @param usedBy the order paid with it, or empty
 * @param version bumped by every change
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Coupon(String id, long postId, String userId, String sharerId, String sellerId, String sku, String scope,
		JsonNode terms, String currency, String status, long claimedAt, long validUntil, String lockedBy, long lockedAt,
		String usedBy, int version) {

	/** The status a shopper sees: AVAILABLE past its validity reads EXPIRED. */
	String statusAt(long now) {
		return ("AVAILABLE".equals(this.status) && this.validUntil <= now) ? "EXPIRED" : this.status;
	}

}
