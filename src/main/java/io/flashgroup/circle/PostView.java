package io.flashgroup.circle;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a shopper sees of a post: in the feed, in search, on its page. Never the author's
 * user id or order id.
 *
 * @param id post id
 * @param sharer who shared it
 * @param distance 1 (a friend's post) or 2 (a friend of a friend's); absent on one's own
 * @param via the mutual friend's display name, at distance 2 only
 * @param product what was bought
 * @param coupon the share-coupon terms (discount, minSpend, validForMs, claimsPerShare,
 * scope)
 * @param currency ISO 4217 code
 * @param claimsPerShare coupons in all
 * @param claimsLeft coupons still to claim, fresh from Redis
 * @param status ACTIVE or WITHDRAWN
 * @param claimedByMe whether the viewer claimed one
 * @param rating 1 to 5 stars
 * @param note the sharer's note
 * @param createdAt when it was shared
 */
record PostView(long id, Sharer sharer, @Nullable Integer distance, @Nullable String via, Product product,
		JsonNode coupon, String currency, int claimsPerShare, int claimsLeft, String status, boolean claimedByMe,
		int rating, String note, Instant createdAt) {

	/** The post as {@code viewer} sees it at {@code distance} (null: their own). */
	static PostView of(Post post, @Nullable Integer distance, @Nullable String via, int claimsLeft,
			boolean claimedByMe) {
		return new PostView(post.id(), new Sharer(post.authorName(), null), distance,
				(distance != null && distance == 2) ? via : null,
				new Product(post.campaignId(), post.sku(), post.title()), post.coupon(), post.currency(),
				post.claimsPerShare(), claimsLeft, post.status(), claimedByMe, post.rating(), post.note(),
				Instant.ofEpochMilli(post.createdAt()));
	}

	/** The same view with the sharer's current level. */
	PostView withSharerLevel(int level) {
		return with(this.claimsLeft, level);
	}

	/** The same view with other claims left and sharer's level. */
	PostView with(int claimsLeft, @Nullable Integer level) {
		return new PostView(this.id, new Sharer(this.sharer.displayName(), level), this.distance, this.via,
				this.product, this.coupon, this.currency, this.claimsPerShare, claimsLeft, this.status,
				this.claimedByMe, this.rating, this.note, this.createdAt);
	}

	/**
	 * The sharer.
	 *
	 * @param displayName their name when they shared
	 * @param level their level now (absent in live {@code circle:me} messages, which do
	 * not read the ledger)
	 */
	record Sharer(String displayName, @Nullable Integer level) {
	}

	/**
	 * The product.
	 *
	 * @param campaignId the campaign it was bought in
	 * @param sku product SKU
	 * @param title product title
	 */
	record Product(long campaignId, String sku, String title) {
	}

	/**
	 * A page of posts.
	 *
	 * @param items the posts
	 * @param nextCursor the cursor of the next page, absent on the last
	 */
	record Page(List<PostView> items, @Nullable String nextCursor) {
	}

}
