package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A group buy as PostgreSQL records it.
 *
 * @param id campaign id
 * @param sellerId the seller
 * @param sku product SKU
 * @param title product title
 * @param imageUrl product image
 * @param currency ISO 4217 code
 * @param groupPrice member price, minor units
 * @param leaderPrice opener's price, if different
 * @param soloPrice comparison price
 * @param groupSize members per group
 * @param groupTtl how long a group stays open
 * @param stock units
 * @param perUserLimit seats per shopper
 * @param startsAt window start
 * @param endsAt window end
 * @param payWindow time to pay a seat
 * @param minRealMembers virtual fill threshold, 0 when none
 * @param cancelled whether the kill switch was used
 */
record GroupBuy(long id, String sellerId, String sku, String title, @Nullable String imageUrl, String currency,
		long groupPrice, @Nullable Long leaderPrice, @Nullable Long soloPrice, int groupSize, Duration groupTtl,
		int stock, int perUserLimit, Instant startsAt, Instant endsAt, Duration payWindow, int minRealMembers,
		boolean cancelled) {

	static String topic(long id) {
		return "group-buy:" + id;
	}

}
