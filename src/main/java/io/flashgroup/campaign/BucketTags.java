package io.flashgroup.campaign;

import io.lettuce.core.cluster.SlotHash;

/**
 * Where the stock buckets of a split sale live: the hash tags of its buckets, placed so
 * that the K buckets of a sale sit on K different masters of a cluster of K whose slots
 * are split evenly ({@link #tag}).
 */
final class BucketTags {

	/**
	 * Slots a placed bucket keeps away from the edges of its part of the slot space, so
	 * that {@code redis-cli --cluster create}'s rounding of the ranges never moves it to
	 * the neighbouring master.
	 */
	private static final int EDGE = 8;

	/** {@link #lastSlots()}, by number of parts. */
	private static final int[][] LAST_SLOTS = lastSlots();

	private BucketTags() {
	}

	/**
	 * The hash tag's text. Redis Cluster places a tag by the CRC16 of its text, so K tags
	 * taken at random land on K different masters of K only K!/K^K of the time (2 in 9
	 * for 3). Placed instead: cut the 16,384 slots into K parts, as
	 * {@code redis-cli --cluster create} cuts them over K masters; bucket 0 sits where
	 * its {@code c:<id>} falls, in part m, and bucket k takes the first of
	 * {@code c:<id>.<k>}, {@code c:<id>.<k>.1}, {@code c:<id>.<k>.2}, ... that falls
	 * inside part (m + k) mod K. So the K buckets sit on K different masters of such a
	 * cluster and spread evenly over a larger one; about K tries of a CRC16 each, once
	 * per key set. The text depends on the id, k and K only, never on the live topology,
	 * so every node derives the same keys and a resharding moves no key.
	 */
	static String tag(long campaignId, int bucket, int buckets) {
		String home = "c:" + campaignId;
		if (bucket == 0) {
			return home;
		}
		String base = home + "." + bucket;
		int part = (part(SlotHash.getSlot(home), buckets) + bucket) % buckets;
		for (int n = 0; n < 100_000; n++) {
			String candidate = (n == 0) ? base : base + "." + n;
			int slot = SlotHash.getSlot(candidate);
			if (part(slot, buckets) == part && part(slot - EDGE, buckets) == part
					&& part(slot + EDGE, buckets) == part) {
				return candidate;
			}
		}
		// Unreachable in practice: each try hits with probability of about 1/K.
		return base;
	}

	/**
	 * Which of {@code parts} parts of the slot space a slot falls in, cut exactly as
	 * {@code redis-cli --cluster create} cuts the slots over that many masters (its
	 * rounding included: bucket 0's own slot must be judged as the cluster places it).
	 */
	static int part(int slot, int parts) {
		int[] last = LAST_SLOTS[parts];
		int clamped = Math.max(0, Math.min(SlotHash.SLOT_COUNT - 1, slot));
		int part = 0;
		while (clamped > last[part]) {
			part++;
		}
		return part;
	}

	/**
	 * For each number of parts, the last slot of each: {@code redis-cli}'s
	 * {@code clusterManagerCommandCreate}, which rounds each boundary to the nearest
	 * slot.
	 */
	private static int[][] lastSlots() {
		int[][] all = new int[CampaignKeys.MAX_BUCKETS + 1][];
		for (int parts = 1; parts <= CampaignKeys.MAX_BUCKETS; parts++) {
			int[] last = new int[parts];
			double perPart = (double) SlotHash.SLOT_COUNT / parts;
			double cursor = 0;
			int first = 0;
			for (int i = 0; i < parts; i++) {
				int end = (i == parts - 1) ? SlotHash.SLOT_COUNT - 1 : (int) Math.round(cursor + perPart - 1);
				last[i] = Math.max(end, first);
				first = last[i] + 1;
				cursor += perPart;
			}
			all[parts] = last;
		}
		return all;
	}

}
