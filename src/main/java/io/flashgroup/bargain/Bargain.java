package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A bargain campaign as PostgreSQL records it.
 *
 * @param id campaign id
 * @param sellerId seller
 * @param sku SKU
 * @param title title
 * @param imageUrl image
 * @param currency currency
 * @param listPrice start price
 * @param floorPrice price after every cut
 * @param helpersNeeded cuts to reach the floor
 * @param sessionTtl session lifetime
 * @param stock units
 * @param perUserLimit sessions and units per shopper
 * @param helpsPerHelperPerDay sessions a helper may cut per day
 * @param startsAt window start
 * @param endsAt window end
 * @param payWindow time to pay
 * @param cancelled whether the kill switch was used
 */
record Bargain(long id, String sellerId, String sku, String title, @Nullable String imageUrl, String currency,
		long listPrice, long floorPrice, int helpersNeeded, Duration sessionTtl, int stock, int perUserLimit,
		int helpsPerHelperPerDay, Instant startsAt, Instant endsAt, Duration payWindow, boolean cancelled) {

	static final String KIND = "BARGAIN";

}
