package io.flashgroup.bargain;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Splits {@code listPrice - floorPrice} into the cuts a session's helpers will make, when
 * the session starts, so that each cut is just a pop: every cut is at least one minor
 * unit, the cuts sum exactly to the total, none is above twice the average (rounded up),
 * and they come largest first, so early helpers see generous cuts and the last ones bring
 * it home.
 */
final class CutSplit {

	private CutSplit() {
	}

	/**
	 * The cuts, largest first.
	 * @param total minor units to cut, at least {@code helpers}
	 * @param helpers number of cuts, at least 1
	 * @param random source of randomness
	 * @return the cuts
	 */
	static long[] split(long total, int helpers, RandomGenerator random) {
		if (helpers < 1 || total < helpers) {
			throw new IllegalArgumentException("Cannot split " + total + " into " + helpers + " cuts of at least 1");
		}
		long[] cuts = new long[helpers];
		long spread = total - helpers; // what is left once every cut has its 1
		double[] weights = new double[helpers];
		double sum = 0;
		for (int i = 0; i < helpers; i++) {
			weights[i] = 0.5 + random.nextDouble();
			sum += weights[i];
		}
		long given = 0;
		double[] fractions = new double[helpers];
		for (int i = 0; i < helpers; i++) {
			double share = spread * weights[i] / sum;
			long whole = (long) Math.floor(share);
			cuts[i] = 1 + whole;
			fractions[i] = share - whole;
			given += cuts[i];
		}
		// Rounding left a few units: they go to the largest fractions.
		for (long left = total - given; left > 0; left--) {
			int best = 0;
			for (int i = 1; i < helpers; i++) {
				if (fractions[i] > fractions[best]) {
					best = i;
				}
			}
			cuts[best]++;
			fractions[best] = -1;
		}
		capAtTwiceTheAverage(cuts, total);
		Arrays.sort(cuts);
		for (int i = 0, j = helpers - 1; i < j; i++, j--) {
			long swap = cuts[i];
			cuts[i] = cuts[j];
			cuts[j] = swap;
		}
		return cuts;
	}

	/** The largest cut allowed: twice the average, rounded up. */
	static long cap(long total, int helpers) {
		return Math.ceilDiv(2 * total, helpers);
	}

	/** Moves any excess above the cap to the smallest cuts; the sum does not change. */
	private static void capAtTwiceTheAverage(long[] cuts, long total) {
		long cap = cap(total, cuts.length);
		for (int i = 0; i < cuts.length; i++) {
			while (cuts[i] > cap) {
				long excess = cuts[i] - cap;
				int smallest = 0;
				for (int j = 1; j < cuts.length; j++) {
					if (cuts[j] < cuts[smallest]) {
						smallest = j;
					}
				}
				long room = cap - cuts[smallest];
				long moved = Math.min(excess, Math.max(1, room));
				cuts[i] -= moved;
				cuts[smallest] += moved;
			}
		}
	}

}
