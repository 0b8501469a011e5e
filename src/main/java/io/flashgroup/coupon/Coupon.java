package io.flashgroup.coupon;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.flashgroup.campaign.ShareCoupon;
import org.jspecify.annotations.Nullable;

/**
 * One version of a share coupon as the circle's scripts write it to
 * {@code {circle:n}:coupons} and the outbox (see circle-spec's coupon JSON). Its terms
 * travel with it, so redemption needs nothing else to compute the discount.
 *
 * @param id {@code <postId>-<n>}
 * @param postId the post it was claimed from
 * @param userId the shopper who claimed it (the only one who may use it)
 * @param sharerId the post's author
 * @param sellerId the seller of the shared order's campaign
 * @param sku the product of the shared order
 * @param scope SHOP (any campaign of the seller) or SKU (the seller's campaigns of that
 * sku)
 * @param terms the seller's share-coupon terms when it was claimed
 * @param currency ISO 4217 code of the campaign
 * @param status AVAILABLE, LOCKED or USED (EXPIRED is computed at read)
 * @param claimedAt epoch ms
 * @param validUntil epoch ms; usable before it
 * @param lockedBy the order paying with it while LOCKED, else empty
 * @param lockedAt epoch ms of the latest lock, else 0
 * @param usedBy the order paid with it once USED, else empty
 * @param version bumped by every change
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Coupon(String id, long postId, String userId, String sharerId, String sellerId, String sku, String scope,
		Terms terms, String currency, String status, long claimedAt, long validUntil, @Nullable String lockedBy,
		long lockedAt, @Nullable String usedBy, int version) {

	/** The status a shopper sees: an AVAILABLE coupon past its validity is EXPIRED. */
	public String statusAt(Instant now) {
		return ("AVAILABLE".equals(this.status) && now.toEpochMilli() >= this.validUntil) ? "EXPIRED" : this.status;
	}

	/**
	 * What the coupon takes off an order's total, never more than the total (the
	 * campaign's rule, {@link ShareCoupon#discountFor}).
	 * @param total minor units before the discount
	 */
	public long discountFor(long total) {
		return this.terms.discount().of(total);
	}

	/** The post a coupon id belongs to, or -1 when the id is not a coupon id. */
	static long postOf(String couponId) {
		int dash = couponId.lastIndexOf('-');
		if (dash <= 0 || dash == couponId.length() - 1) {
			return -1;
		}
		try {
			long post = Long.parseLong(couponId.substring(0, dash));
			Long.parseLong(couponId.substring(dash + 1));
			return (post >= 0) ? post : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * A seller's share-coupon terms as the coupon carries them.
	 *
	 * @param discount a fixed amount, or a percentage with a cap
	 * @param minSpend the least total (minor units) an order must have to use it
	 * @param validForMs how long a claimed coupon stays valid
	 * @param claimsPerShare coupons one share gives out
	 * @param scope SHOP or SKU
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Terms(ShareCoupon.Discount discount, long minSpend, long validForMs, int claimsPerShare,
			String scope) {
	}

}
