package io.flashgroup.coupon;

/**
 * One of the circle's {@value #COUNT} Redis slots. A post, its claims and its coupons
 * live in the slot of the post id ({@code {circle:<n>}}), so a claim or a coupon's step
 * is one script on one slot; each slot has its own outbox stream, so the flusher drains a
 * fixed number of streams however many posts there are. A post's id carries its slot
 * ({@code id mod COUNT}), chosen from its order id, so "one post per order" is checked in
 * the same slot that stores the post; a coupon id is {@code <postId>-<n>}.
 *
 * @param index 0 to {@value #COUNT} - 1
 */
public record CircleSlot(int index) {

	/** Slots in all; fixed, because post ids carry their slot. */
	public static final int COUNT = 16;

	/** The global counter post ids are drawn from (one small key). */
	public static final String POST_SEQUENCE = "circle:post-seq";

	public CircleSlot {
		if (index < 0 || index >= COUNT) {
			throw new IllegalArgumentException("No circle slot " + index);
		}
	}

	public static CircleSlot ofPost(long postId) {
		return new CircleSlot((int) Math.floorMod(postId, (long) COUNT));
	}

	/** The slot of the post an order may be shared in (stable across JVMs). */
	public static CircleSlot ofOrder(String orderId) {
		return new CircleSlot(Math.floorMod(orderId.hashCode(), COUNT));
	}

	/** A post id in this slot from the global sequence's next value. */
	public long postId(long sequence) {
		return Math.addExact(Math.multiplyExact(sequence, (long) COUNT), this.index);
	}

	public String tag() {
		return "{circle:" + this.index + "}";
	}

	/** Hash post id → post JSON. */
	public String posts() {
		return tag() + ":posts";
	}

	/** Hash order id → post id: one post per order. */
	public String postsByOrder() {
		return tag() + ":posts-by-order";
	}

	/** Hash post id → claims left. */
	public String claimsLeft() {
		return tag() + ":claims-left";
	}

	/** Hash claimer user id → coupon id, for one post. */
	public String claimers(long postId) {
		return tag() + ":claimers:" + postId;
	}

	/** Hash coupon id → coupon JSON. */
	public String coupons() {
		return tag() + ":coupons";
	}

	/** Sorted set of locked coupon ids scored by lock time (ms), for the lock sweeper. */
	public String locks() {
		return tag() + ":coupon-locks";
	}

	/** Hash {@code <userId>:<Idempotency-Key>} → first reply, for posts and claims. */
	public String idempotency() {
		return tag() + ":idem";
	}

	/**
	 * Stream of post and coupon versions for PostgreSQL (fields {@code post},
	 * {@code coupon}).
	 */
	public String outbox() {
		return tag() + ":outbox";
	}

}
