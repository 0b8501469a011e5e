package io.flashgroup.order;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.ProblemException;

/**
 * A time-ordered order id: a UUIDv7 whose random tail carries the campaign id. Any node
 * can route {@code GET /api/orders/{id}} to the campaign's Redis keys without a lookup
 * table. Layout: 48 bits of milliseconds, version 7, 4 bits of the number of stock
 * buckets minus one, 4 random bits, 4 bits of stock bucket (both 0 unless the flash sale
 * is split, see {@link CampaignKeys#bucket}), variant, 32 bits of campaign id, 30 random
 * bits. Randomness comes from {@link ThreadLocalRandom}: ids are not secrets, and it
 * never blocks an event-loop thread.
 *
 * @param value the UUID
 */
public record OrderId(UUID value) {

	public static OrderId next(long campaignId, long epochMillis) {
		return next(new CampaignKeys(campaignId), epochMillis);
	}

	/** A new id routing to one bucket of the campaign. */
	public static OrderId next(CampaignKeys bucket, long epochMillis) {
		long campaignId = bucket.campaignId();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long msb = (epochMillis << 16) | 0x7000L | ((bucket.buckets() - 1L) << 8) | (random.nextLong(0x10) << 4)
				| bucket.bucket();
		long lsb = 0x8000_0000_0000_0000L | (campaignId << 30) | random.nextLong(1L << 30);
		return new OrderId(new UUID(msb, lsb));
	}

	/**
	 * Parses an id from a path; empty for text that is not a Flashgroup order id in its
	 * one written form, the lowercase canonical UUID ({@code 8-4-4-4-12} hex digits).
	 * {@link UUID#fromString} alone also reads upper case, signs and other scripts'
	 * digits, and the id's text is a Redis field name and a live topic: one id, one
	 * spelling.
	 */
	public static Optional<OrderId> parse(String text) {
		if (!isCanonical(text)) {
			return Optional.empty();
		}
		UUID uuid = UUID.fromString(text);
		return (uuid.version() == 7 && uuid.variant() == 2) ? Optional.of(new OrderId(uuid)) : Optional.empty();
	}

	private static boolean isCanonical(String text) {
		if (text.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = text.charAt(i);
			boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
			if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The campaign an id routes to: orders, groups and bargain sessions all carry it.
	 * @param text the id as given
	 * @return the campaign id, empty for text that is not such an id
	 */
	public static Optional<Long> campaignOf(String text) {
		return parse(text).map(OrderId::campaignId).filter((id) -> id > 0);
	}

	/** The campaign an id routes to, or a 404 problem naming {@code what}. */
	public static long campaignOrNotFound(String text, String what) {
		return campaignOf(text).orElseThrow(() -> ProblemException.notFound(what + " " + text));
	}

	public long campaignId() {
		return (this.value.getLeastSignificantBits() >>> 30) & CampaignKeys.MAX_ID;
	}

	/** The stock bucket the order lives in (0 for every campaign not split). */
	public int bucket() {
		return (int) (this.value.getMostSignificantBits() & 0xF);
	}

	/**
	 * How many buckets the order's sale is split into (1 for every campaign not split).
	 */
	public int buckets() {
		return (int) ((this.value.getMostSignificantBits() >>> 8) & 0xF) + 1;
	}

	/**
	 * The keys of the bucket the order lives in. Ids minted before buckets existed carry
	 * random bits there: one naming a bucket past its count routes to bucket 0, and a
	 * reader that finds nothing in a bucket {@code > 0} asks bucket 0 too (see
	 * {@code OrderService}).
	 */
	public CampaignKeys keys() {
		int bucket = bucket();
		int buckets = buckets();
		return (bucket < buckets) ? new CampaignKeys(campaignId(), bucket, buckets) : new CampaignKeys(campaignId());
	}

	/** The keys of the bucket an order id (in its written form) lives in. */
	public static CampaignKeys keysOf(String orderId) {
		return new OrderId(UUID.fromString(orderId)).keys();
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
