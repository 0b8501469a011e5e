package io.flashgroup.campaign;

import java.util.OptionalLong;

import io.flashgroup.shared.ProblemException;

/**
 * Redis key layout of one campaign, or of one stock bucket of a flash sale split over
 * several hash tags. Every key of bucket 0 (every campaign's only bucket, unless a flash
 * sale asks for more) shares the hash tag {@code {c:<id>}}; bucket {@code k >= 1} of a
 * sale split into K has its own, {@code {c:<id>.<k>}} or, when that one lands in the
 * wrong part of the slot space, {@code {c:<id>.<k>.<n>}} with the smallest such n (see
 * {@link BucketTags#tag}). Either way each script touches a single cluster slot and
 * {@code CROSSSLOT} never happens. The dot keeps a bucket's tag apart from every campaign
 * id ({@link #idOf} reads digits only, so "42.1" is no campaign).
 */
public final class CampaignKeys {

	/** Campaign ids are embedded in order ids, which leaves them 32 bits. */
	public static final long MAX_ID = 0xFFFF_FFFFL;

	/** Most buckets a sale may split into: order ids carry the bucket in 4 bits. */
	public static final int MAX_BUCKETS = 16;

	private final long campaignId;

	private final int bucket;

	private final int buckets;

	/** The hash tag with its braces, computed once. */
	private final String tag;

	/**
	 * @param campaignId the campaign's id
	 * @param bucket the stock bucket, 0 to {@code buckets - 1}
	 * @param buckets how many buckets the sale is split into, 1 to {@link #MAX_BUCKETS}
	 */
	public CampaignKeys(long campaignId, int bucket, int buckets) {
		if (campaignId <= 0 || campaignId > MAX_ID) {
			throw new IllegalArgumentException("Campaign id out of range: " + campaignId);
		}
		if (buckets < 1 || buckets > MAX_BUCKETS || bucket < 0 || bucket >= buckets) {
			throw new IllegalArgumentException("Bucket out of range: " + bucket + " of " + buckets);
		}
		this.campaignId = campaignId;
		this.bucket = bucket;
		this.buckets = buckets;
		this.tag = "{" + BucketTags.tag(campaignId, bucket, buckets) + "}";
	}

	/** The keys of the campaign's bucket 0: its own {@code {c:<id>}} tag. */
	public CampaignKeys(long campaignId) {
		this(campaignId, 0, 1);
	}

	public long campaignId() {
		return this.campaignId;
	}

	/** The stock bucket, 0 to {@link #buckets()} - 1. */
	public int bucket() {
		return this.bucket;
	}

	/**
	 * How many buckets the campaign is split into (1 unless a flash sale asked for more).
	 */
	public int buckets() {
		return this.buckets;
	}

	/** The same bucket of the campaign split into {@code count} buckets. */
	public CampaignKeys split(int count) {
		return new CampaignKeys(this.campaignId, this.bucket, count);
	}

	/** The keys of another bucket of the same campaign. */
	public CampaignKeys inBucket(int other) {
		return new CampaignKeys(this.campaignId, other, this.buckets);
	}

	/**
	 * The keys an active-set member names: {@code <id>} for bucket 0,
	 * {@code <id>.<k>.<K>} for bucket k of K ({@link #member}).
	 * @param member the member
	 * @return the keys
	 */
	public static CampaignKeys ofMember(String member) {
		String[] parts = member.split("\\.");
		if (parts.length == 1) {
			return new CampaignKeys(Long.parseLong(member));
		}
		if (parts.length != 3) {
			throw new IllegalArgumentException("Not an active-set member: " + member);
		}
		return new CampaignKeys(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
	}

	/** How the active set names this bucket: {@code <id>}, or {@code <id>.<k>.<K>}. */
	public String member() {
		return (this.bucket == 0) ? Long.toString(this.campaignId)
				: this.campaignId + "." + this.bucket + "." + this.buckets;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CampaignKeys keys && keys.campaignId == this.campaignId && keys.bucket == this.bucket
				&& keys.buckets == this.buckets;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.campaignId) * 31 * 31 + this.bucket * 31 + this.buckets;
	}

	@Override
	public String toString() {
		return "CampaignKeys" + this.tag;
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
		return this.tag + ":" + suffix;
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
	 * Hash (bucketed flash sales): transfers this bucket gave and whose credit to their
	 * home bucket is not yet confirmed, transfer id to {@code <home>:<units>:<at ms>}.
	 */
	public String transfers() {
		return key("transfers");
	}

	/**
	 * Hash (bucketed flash sales): transfers this bucket was credited, transfer id to
	 * units; a credit by the same id again is a no-op.
	 */
	public String credits() {
		return key("credits");
	}

	/**
	 * Every key of the campaign's bucket, for retirement (daily help counts expire by
	 * themselves).
	 */
	public String[] all() {
		return new String[] { state(), buyers(), orders(), idempotency(), outbox(), timers(), groups(), openGroups(),
				refunds(), sessions(), splits(), owners(), starts(), deadLetters(), transfers(), credits() };
	}

}
