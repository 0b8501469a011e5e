package io.flashgroup.giveaway;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The draw as a pure function: exact fractions, determinism, ties, and fairness. */
class DrawTests {

	private static final byte[] SEED = HexFormat.of()
		.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

	@Test
	void namesTheSameWinnersInTheSameOrderWhateverTheOrderOfTheEntries() {
		List<Draw.Entry> entries = entries(40, 1);
		List<Draw.Entry> reversed = new ArrayList<>(entries.reversed());
		assertThat(Draw.winners(SEED, entries, 5)).hasSize(5)
			.doesNotHaveDuplicates()
			.isEqualTo(Draw.winners(SEED, reversed, 5));
	}

	@Test
	void namesEveryEntrantWhenFewerEnteredThanThereAreUnits() {
		assertThat(Draw.winners(SEED, entries(3, 2), 10)).hasSize(3);
		assertThat(Draw.winners(SEED, List.of(), 10)).isEmpty();
	}

	@Test
	void readsTheHmacAsAnExactFractionStrictlyBetweenZeroAndOne() {
		for (Draw.Entry entry : entries(2_000, 1)) {
			double u = Draw.fraction(SEED, entry.pseudonym());
			assertThat(u).isGreaterThan(0).isLessThan(1);
			// (top 52 bits + 1/2) / 2^52: u * 2^53 is an odd integer, nothing was
			// rounded.
			double scaled = u * 0x1.0p53;
			assertThat(scaled % 2).isEqualTo(1.0);
		}
	}

	@Test
	void breaksEqualKeysByTheSmallerPseudonym() {
		List<Draw.Keyed> keyed = List.of(new Draw.Keyed("c", -0.5), new Draw.Keyed("b", -0.25),
				new Draw.Keyed("a", -0.5), new Draw.Keyed("d", -2));
		assertThat(Draw.best(keyed, 3)).containsExactly("b", "a", "c");
	}

	@Test
	void aHigherWeightNeverLowersAnEntrysKey() {
		for (Draw.Entry entry : entries(200, 1)) {
			assertThat(Draw.key(SEED, new Draw.Entry(entry.pseudonym(), 3))).isGreaterThan(Draw.key(SEED, entry));
		}
	}

	@Test
	void pseudonymIsTheHexSha256OfGiveawayIdColonUserId() {
		assertThat(Draw.pseudonym(7, "alice")).isEqualTo(Draw.sha256Hex("7:alice".getBytes()))
			.hasSize(64)
			.matches("[0-9a-f]{64}");
	}

	/**
	 * 15 entrants, five of each of levels 0, 1 and 2 weighing 1, 2 and 3; one winner per
	 * draw over 20,000 seeds: each level wins its weight share (5w / 30) within four
	 * standard deviations.
	 */
	@Test
	void eachLevelWinsItsWeightShareOverManyDraws() {
		int[] weights = { 1, 2, 3 };
		List<Draw.Entry> entries = new ArrayList<>();
		for (int level = 0; level < weights.length; level++) {
			for (int i = 0; i < 5; i++) {
				entries.add(new Draw.Entry(Draw.pseudonym(1, "level" + level + "-" + i), weights[level]));
			}
		}
		int draws = 20_000;
		int[] wins = new int[weights.length];
		SplittableRandom random = new SplittableRandom(14);
		byte[] seed = new byte[32];
		for (int draw = 0; draw < draws; draw++) {
			random.nextBytes(seed);
			String winner = Draw.winners(seed, entries, 1).get(0);
			int index = entries.stream().map(Draw.Entry::pseudonym).toList().indexOf(winner);
			wins[index / 5]++;
		}
		for (int level = 0; level < weights.length; level++) {
			double share = 5.0 * weights[level] / 30;
			double sigma = Math.sqrt(share * (1 - share) / draws);
			assertThat((double) wins[level] / draws).as("level %d's win rate", level)
				.isCloseTo(share, offset(4 * sigma));
		}
	}

	private static List<Draw.Entry> entries(int count, int weight) {
		List<Draw.Entry> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(new Draw.Entry(Draw.pseudonym(99, "user-" + i), weight));
		}
		return entries;
	}

}
