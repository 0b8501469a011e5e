package io.flashgroup.flashsale;

import java.time.Instant;

import io.flashgroup.order.Order;

/** Outcome of a purchase attempt. Sold out is a normal outcome, not an exception. */
sealed interface PurchaseResult {

	/**
	 * Units reserved; pay by {@code order.payBy}. {@code replayed} when a retry returned
	 * the first answer.
	 */
	record Reserved(Order order, boolean replayed) implements PurchaseResult {
	}

	/** Not enough units left for the requested quantity. */
	record SoldOut(long stockLeft) implements PurchaseResult {
	}

	/** The shopper would exceed the per-user limit. */
	record LimitReached(int limit, long held) implements PurchaseResult {
	}

	record NotStarted(Instant startsAt) implements PurchaseResult {
	}

	record Ended() implements PurchaseResult {
	}

	record Cancelled() implements PurchaseResult {
	}

	record NotFound() implements PurchaseResult {
	}

	/** The Idempotency-Key was already used for a different request. */
	record KeyReused(Order first) implements PurchaseResult {
	}

	/** Metric tag value. */
	default String outcome() {
		return switch (this) {
			case Reserved r -> r.replayed() ? "replayed" : "reserved";
			case SoldOut s -> "sold_out";
			case LimitReached l -> "limit_reached";
			case NotStarted n -> "not_started";
			case Ended e -> "ended";
			case Cancelled c -> "cancelled";
			case NotFound n -> "not_found";
			case KeyReused k -> "key_reused";
		};
	}

}
