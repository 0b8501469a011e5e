package io.flashgroup.order;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.ProblemException;

/**
 * A time-ordered order id: a UUIDv7 whose random tail carries the campaign id. Any node
 * can route {@code GET /api/orders/{id}} to the campaign's Redis keys without a lookup
 * table. Layout: 48 bits of milliseconds, version 7, 12 random bits, variant, 32 bits of
 * campaign id, 30 random bits. Randomness comes from {@link ThreadLocalRandom}: ids are
 * not secrets, and it never blocks an event-loop thread.
 *
 * @param value the UUID
 */
public record OrderId(UUID value) {

	public static OrderId next(long campaignId, long epochMillis) {
		if (campaignId <= 0 || campaignId > CampaignKeys.MAX_ID) {
			throw new IllegalArgumentException("Campaign id out of range: " + campaignId);
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long msb = (epochMillis << 16) | 0x7000L | random.nextLong(0x1000);
		long lsb = 0x8000_0000_0000_0000L | (campaignId << 30) | random.nextLong(1L << 30);
		return new OrderId(new UUID(msb, lsb));
	}

	/** Parses an id from a path; empty for text that is not a Flashgroup order id. */
	public static java.util.Optional<OrderId> parse(String text) {
		try {
			UUID uuid = UUID.fromString(text);
			return (uuid.version() == 7 && uuid.variant() == 2) ? java.util.Optional.of(new OrderId(uuid))
					: java.util.Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return java.util.Optional.empty();
		}
	}

	/**
	 * The campaign an id routes to: orders, groups and bargain sessions all carry it.
	 * @param text the id as given
	 * @return the campaign id, empty for text that is not such an id
	 */
	public static java.util.Optional<Long> campaignOf(String text) {
		return parse(text).map(OrderId::campaignId).filter((id) -> id > 0);
	}

	/** The campaign an id routes to, or a 404 problem naming {@code what}. */
	public static long campaignOrNotFound(String text, String what) {
		return campaignOf(text).orElseThrow(() -> ProblemException.notFound(what + " " + text));
	}

	public long campaignId() {
		return (this.value.getLeastSignificantBits() >>> 30) & CampaignKeys.MAX_ID;
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
