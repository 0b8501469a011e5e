package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * What every campaign's seller sets, whatever its kind: the product, the price the
 * campaign is listed at (a flash sale's price, a group's member price, a bargain's start
 * price), the stock, the window, the per-shopper limit and the time to pay.
 *
 * @param sku product SKU
 * @param title product title
 * @param imageUrl product image, if any
 * @param price listed unit price
 * @param stock units in all
 * @param perUserLimit units (or seats, sessions) one shopper may hold
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time to pay a reservation
 * @param shareCoupon what each paying buyer may share in the circle, if anything
 */
public record CampaignTerms(String sku, String title, @Nullable String imageUrl, Money price, int stock,
		int perUserLimit, Instant startsAt, Instant endsAt, Duration payWindow, @Nullable ShareCoupon shareCoupon) {

	/** The status at {@code now} with {@code sold} units held, by {@link #statusAt}. */
	public String statusAt(Instant now, boolean cancelled, long sold) {
		return statusAt(cancelled, now, this.startsAt, this.endsAt, sold, this.stock);
	}

	/**
	 * A campaign's status at {@code now}, by the rules {@code campaign_status} in
	 * {@code campaign_lib.lua} prelude applies: for views computed from PostgreSQL when
	 * Redis holds no state (the campaign retired, or Redis lost it and it is being
	 * rebuilt, when it may well still be live).
	 */
	public static String statusAt(boolean cancelled, Instant now, Instant startsAt, Instant endsAt, long sold,
			long stock) {
		if (cancelled) {
			return "CANCELLED";
		}
		else if (now.isBefore(startsAt)) {
			return "SCHEDULED";
		}
		else if (!now.isBefore(endsAt)) {
			return "ENDED";
		}
		return (sold >= stock) ? "SOLD_OUT" : "LIVE";
	}

}
