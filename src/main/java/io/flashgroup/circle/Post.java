package io.flashgroup.circle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * One version of a post, as the scripts store it in {@code {circle:n}:posts} and write it
 * to the outbox.
 *
 * @param id post id (its slot is {@code id mod 16})
 * @param authorId the sharer
 * @param authorName the sharer's display name when they shared
 * @param orderId the shared order
 * @param campaignId the order's campaign
 * @param sellerId the campaign's seller
 * @param sku product SKU
 * @param title product title
 * @param note what the sharer says (may be empty)
 * @param rating 1 to 5 stars
 * @param coupon the campaign's share-coupon terms ({@code ShareCoupon.json()})
 * @param currency ISO 4217 code
 * @param claimsPerShare coupons the post gives in all
 * @param claimsLeft coupons still to claim (the counter is the truth; refreshed here)
 * @param status ACTIVE or WITHDRAWN
 * @param version bumped by every change
 * @param createdAt epoch ms (Redis time)
 * @param updatedAt epoch ms (Redis time)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Post(long id, String authorId, String authorName, String orderId, long campaignId, String sellerId, String sku,
		String title, String note, int rating, JsonNode coupon, String currency, int claimsPerShare, int claimsLeft,
		String status, int version, long createdAt, long updatedAt) {

	static final String ACTIVE = "ACTIVE";

	static final String WITHDRAWN = "WITHDRAWN";

}
