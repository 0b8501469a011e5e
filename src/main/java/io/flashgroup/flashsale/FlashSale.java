package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * A flash sale as the seller defined it; its live counters live in Redis.
 *
 * @param id campaign id
 * @param sellerId owning seller
 * @param sku product SKU
 * @param title product title
 * @param imageUrl product image
 * @param price unit price
 * @param stock units for sale
 * @param perUserLimit units one shopper may hold
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time a reservation has to be paid
 * @param cancelledAt when the kill switch was used
 */
public record FlashSale(long id, String sellerId, String sku, String title, @Nullable String imageUrl, Money price,
		int stock, int perUserLimit, Instant startsAt, Instant endsAt, Duration payWindow,
		@Nullable Instant cancelledAt) {

	/** The topic watchers subscribe to. */
	public static String topic(long id) {
		return "flash-sale:" + id;
	}

}
