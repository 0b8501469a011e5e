package io.flashgroup.campaign;

import java.util.OptionalLong;

import io.flashgroup.shared.ProblemException;

/**
 * Redis key layout of one campaign. Every key shares the hash tag {@code {c:<id>}}, so
 * each script touches a single cluster slot and {@code CROSSSLOT} never happens.
 *
 * @param campaignId the campaign's id
 */
public record CampaignKeys(long campaignId) {

	/** Campaign ids are embedded in order ids, which leaves them 32 bits. */
	public static final long MAX_ID = 0xFFFF_FFFFL;

	public CampaignKeys {
		if (campaignId <= 0 || campaignId > MAX_ID) {
			throw new IllegalArgumentException("Campaign id out of range: " + campaignId);
		}
	}

	/** Longest written id: MAX_ID has ten digits. */
	private static final int MAX_DIGITS = 10;

	/**
	 * Parses a campaign id from a path; anything that is not a valid id is simply not
	 * found.
	 * @param id the path segment
	 * @param what how the problem names the campaign, e.g. "Flash sale"
	 * @return the id
	 */
	public static long parseId(String id, String what) {
		return idOf(id).orElseThrow(() -> ProblemException.notFound(what + " " + id));
	}

	/**
	 * The campaign id written in {@code text}, in its one canonical form: ASCII digits,
	 * no sign, no leading zero, 1 to {@link #MAX_ID}. {@link Long#parseLong} alone would
	 * also read "+12", "012" and other scripts' digits ("١٢") as 12, so one campaign
	 * would have many names, and a live topic named one way would never see the updates
	 * published under the other.
	 * @param text the id as given, e.g. a path segment or the part of a topic after the
	 * colon
	 * @return the id, empty for any other text
	 */
	public static OptionalLong idOf(String text) {
		int length = text.length();
		if (length == 0 || length > MAX_DIGITS || text.charAt(0) == '0') {
			return OptionalLong.empty();
		}
		long value = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return OptionalLong.empty();
			}
			value = value * 10 + (c - '0');
		}
		return (value <= MAX_ID) ? OptionalLong.of(value) : OptionalLong.empty();
	}

	private String key(String suffix) {
		return "{c:" + this.campaignId + "}:" + suffix;
	}

	/** Hash: stock, sold, paid, window, limits, cancelled flag, live sequence number. */
	public String state() {
		return key("state");
	}

	/** Hash: user id to units held (reserved or paid). */
	public String buyers() {
		return key("buyers");
	}

	/** Hash: order id to the order's latest JSON. */
	public String orders() {
		return key("orders");
	}

	/** Hash: {@code <user>:<Idempotency-Key>} to order id. */
	public String idempotency() {
		return key("idem");
	}

	/** Stream: every order version, read by the flusher's consumer group. */
	public String outbox() {
		return key("outbox");
	}

	/**
	 * Stream: outbox entries PostgreSQL refused, with the error; kept until replayed (the
	 * campaign does not retire while it holds any).
	 */
	public String deadLetters() {
		return key("dead");
	}

	/** Sorted set: pay-window expiries and phase changes, scored by due time. */
	public String timers() {
		return key("timers");
	}

	/** Hash (group buys): group id to the group's latest JSON. */
	public String groups() {
		return key("groups");
	}

	/** Sorted set (group buys): joinable groups scored by seats taken, fullest first. */
	public String openGroups() {
		return key("open");
	}

	/** Sorted set: orders waiting for the payment gateway to confirm their refund. */
	public String refunds() {
		return key("refunds");
	}

	/** Hash (bargains): session id to the session's latest JSON. */
	public String sessions() {
		return key("sessions");
	}

	/**
	 * Hash (bargains): session id to the cuts still to make, comma-separated, next first.
	 */
	public String splits() {
		return key("splits");
	}

	/** Hash (bargains): shopper to their open session. */
	public String owners() {
		return key("owners");
	}

	/** Hash (bargains): shopper to the number of sessions they started. */
	public String starts() {
		return key("starts");
	}

	/**
	 * Hash (bargains): helper to the sessions they helped on one day (UTC); expires by
	 * itself.
	 */
	public String helps(long epochDay) {
		return key("helps:" + epochDay);
	}

	/**
	 * Every key of the campaign, for retirement (daily help counts expire by themselves).
	 */
	public String[] all() {
		return new String[] { state(), buyers(), orders(), idempotency(), outbox(), timers(), groups(), openGroups(),
				refunds(), sessions(), splits(), owners(), starts(), deadLetters() };
	}

}
