package io.flashgroup.level;

import org.jspecify.annotations.Nullable;

/**
 * A business event that earns (or takes back) experience, as the record proving it
 * reaches PostgreSQL. Its business id makes it count once however often it is seen.
 *
 * @param userId who earns it (the sharer)
 * @param businessId unique per event: {@code share:<postId>}, {@code claim:<couponId>},
 * {@code purchase:<couponId>}, {@code reversal:<business id reversed>}
 * @param kind what happened
 * @param sourceUser the friend it came from (claims and purchases)
 * @param reverses the business id a reversal takes back
 * @param occurredAt epoch ms of the event, 0 for "now" (when PostgreSQL records it)
 */
public record XpEvent(String userId, String businessId, Kind kind, @Nullable String sourceUser,
		@Nullable String reverses, long occurredAt) {

	/** What earned the experience. */
	public enum Kind {

		SHARE, CLAIM, PURCHASE, REVERSAL

	}

	/** The author shared a post. */
	public static XpEvent share(long postId, String authorId, long createdAt) {
		return new XpEvent(authorId, "share:" + postId, Kind.SHARE, null, null, createdAt);
	}

	/** A friend claimed a coupon of the sharer's post. */
	public static XpEvent claim(String couponId, String sharerId, String claimerId, long claimedAt) {
		return new XpEvent(sharerId, "claim:" + couponId, Kind.CLAIM, claimerId, null, claimedAt);
	}

	/**
	 * A friend paid an order with the sharer's coupon (now: the coupon's USED version).
	 */
	public static XpEvent purchase(String couponId, String sharerId, String buyerId) {
		return new XpEvent(sharerId, "purchase:" + couponId, Kind.PURCHASE, buyerId, null, 0);
	}

	/** The post was withdrawn (its order refunded): its share XP goes back. */
	public static XpEvent shareWithdrawn(long postId, String authorId) {
		return reversal(authorId, "share:" + postId);
	}

	/** The order paid with the coupon was refunded: the purchase XP goes back. */
	public static XpEvent purchaseRefunded(String couponId, String sharerId) {
		return reversal(sharerId, "purchase:" + couponId);
	}

	private static XpEvent reversal(String userId, String reversed) {
		return new XpEvent(userId, "reversal:" + reversed, Kind.REVERSAL, null, reversed, 0);
	}

}
