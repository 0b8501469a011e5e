package io.flashgroup.flashsale;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlashSaleBucketsTests {

	@Test
	void splitsStockEvenlyWithTheRemainderToTheFirstBuckets() {
		assertThat(IntStream.range(0, 3).map((k) -> FlashSaleBuckets.share(100, 3, k))).containsExactly(34, 33, 33);
		assertThat(IntStream.range(0, 4).map((k) -> FlashSaleBuckets.share(6, 4, k))).containsExactly(2, 2, 1, 1);
		assertThat(IntStream.range(0, 16).map((k) -> FlashSaleBuckets.share(10_000_000, 16, k)).sum())
			.isEqualTo(10_000_000);
	}

	@Test
	void mapsAShopperToAStableHomeByCrc32OfTheUserId() {
		// CRC-32 of "u1" is 0x424f9f76, as zlib computes it.
		assertThat(FlashSaleBuckets.home("u1", 3)).isEqualTo((int) (0x424f9f76L % 3));
		assertThat(FlashSaleBuckets.home("anyone", 1)).isZero();
		assertThat(IntStream.range(0, 3000).map((i) -> FlashSaleBuckets.home("user-" + i, 3)).distinct().sorted())
			.containsExactly(0, 1, 2);
	}

}
