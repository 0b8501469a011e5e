package io.flashgroup.order;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One version of an order, as the Lua scripts write it to Redis and to the outbox.
 *
 * @param id order id (UUIDv7 carrying the campaign id)
 * @param campaignId campaign the order belongs to
 * @param kind campaign kind, e.g. FLASH_SALE
 * @param userId the shopper
 * @param quantity units
 * @param unitPrice price per unit in minor units
 * @param currency ISO 4217 code
 * @param status current status
 * @param version bumped by every transition
 * @param createdAt epoch ms (Redis time)
 * @param updatedAt epoch ms (Redis time)
 * @param payBy epoch ms by which a reservation must be paid
 * @param idempotencyKey the key the shopper sent
 * @param paymentRef reference from the payment gateway, empty until paid
 * @param groupId the group of a group-buy seat, else null
 * @param discount minor units a coupon took off the total when it was paid (0 without
 * one; absent from orders written before coupons)
 * @param couponId the coupon the order was paid with, else null
 */
public record Order(String id, long campaignId, String kind, String userId, int quantity, long unitPrice,
		String currency, OrderStatus status, int version, long createdAt, long updatedAt, long payBy,
		@Nullable String idempotencyKey, @Nullable String paymentRef, @Nullable String groupId, long discount,
		@Nullable String couponId) {

	public long total() {
		return Math.multiplyExact(this.unitPrice, this.quantity);
	}

	/** What the shopper pays: the total less the coupon's discount, never below 0. */
	public long payable() {
		return Math.max(0, total() - this.discount);
	}

	/** The order as it is charged with a coupon's discount (not yet stored). */
	public Order discounted(long discount, String couponId) {
		return new Order(this.id, this.campaignId, this.kind, this.userId, this.quantity, this.unitPrice, this.currency,
				this.status, this.version, this.createdAt, this.updatedAt, this.payBy, this.idempotencyKey,
				this.paymentRef, this.groupId, discount, couponId);
	}

	/** The API's view of an order. */
	public Response toResponse() {
		return new Response(this.id, this.campaignId, this.kind, this.userId, this.quantity, this.unitPrice, total(),
				this.discount, payable(), this.currency, this.status, this.version,
				Instant.ofEpochMilli(this.createdAt), Instant.ofEpochMilli(this.updatedAt),
				Instant.ofEpochMilli(this.payBy), emptyToNull(this.groupId), emptyToNull(this.couponId));
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * What clients see of an order.
	 *
	 * @param id order id
	 * @param campaignId campaign
	 * @param kind campaign kind
	 * @param userId shopper
	 * @param quantity units
	 * @param unitPrice minor units per unit
	 * @param total minor units in all, before any coupon
	 * @param discount minor units the coupon took off (0 without one)
	 * @param payable what the shopper pays: total - discount
	 * @param currency ISO 4217 code
	 * @param status current status
	 * @param version version number
	 * @param createdAt creation time
	 * @param updatedAt last change
	 * @param payBy deadline to pay a reservation
	 * @param groupId the group of a group-buy seat, absent otherwise
	 * @param couponId the coupon it was paid with, absent otherwise
	 */
	public record Response(String id, long campaignId, String kind, String userId, int quantity, long unitPrice,
			long total, long discount, long payable, String currency, OrderStatus status, int version,
			Instant createdAt, Instant updatedAt, Instant payBy, @Nullable String groupId, @Nullable String couponId) {
	}

}
