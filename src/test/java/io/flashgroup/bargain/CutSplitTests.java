package io.flashgroup.bargain;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CutSplitTests {

	@Test
	void everySplitSumsExactlyWithCutsOfAtLeastOneWithinTwiceTheAverageLargestFirst() {
		SplittableRandom seeds = new SplittableRandom(20261122);
		for (int run = 0; run < 20_000; run++) {
			int helpers = 1 + seeds.nextInt(200);
			long total = helpers + (seeds.nextBoolean() ? seeds.nextLong(50) : seeds.nextLong(10_000_000));
			long[] cuts = CutSplit.split(total, helpers, seeds.split());
			String split = "split of " + total + " into " + helpers + ": " + Arrays.toString(cuts);

			assertThat(cuts).as(split).hasSize(helpers);
			assertThat(Arrays.stream(cuts).sum()).as(split).isEqualTo(total);
			assertThat(Arrays.stream(cuts).min().getAsLong()).as(split).isGreaterThanOrEqualTo(1);
			assertThat(Arrays.stream(cuts).max().getAsLong()).as(split)
				.isLessThanOrEqualTo(Math.ceilDiv(2 * total, helpers));
			for (int i = 1; i < helpers; i++) {
				assertThat(cuts[i]).as(split).isLessThanOrEqualTo(cuts[i - 1]);
			}
		}
	}

	@Test
	void theSameTotalSplitsDifferentlyEachSession() {
		SplittableRandom random = new SplittableRandom(7);
		assertThat(CutSplit.split(10_000, 10, random)).isNotEqualTo(CutSplit.split(10_000, 10, random));
	}

	@Test
	void refusesATotalThatCannotGiveEveryHelperAUnit() {
		assertThatIllegalArgumentException().isThrownBy(() -> CutSplit.split(4, 5, new SplittableRandom(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> CutSplit.split(4, 0, new SplittableRandom(1)));
	}

}
