package io.flashgroup.level;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LevelPropertiesTests {

	private static LevelProperties thresholds(Integer... thresholds) {
		return new LevelProperties(5, 10, 30, 100, Duration.ofDays(1), Duration.ofDays(7), List.of(thresholds),
				Duration.ofSeconds(5), 20);
	}

	@Test
	void aLevelBeginsExactlyAtItsThreshold() {
		LevelProperties levels = thresholds(50, 150, 400);
		assertThat(levels.levelAt(0)).isZero();
		assertThat(levels.levelAt(49)).isZero();
		assertThat(levels.levelAt(50)).isEqualTo(1);
		assertThat(levels.levelAt(149)).isEqualTo(1);
		assertThat(levels.levelAt(150)).isEqualTo(2);
		assertThat(levels.levelAt(10_000)).isEqualTo(3);
		assertThat(levels.levelAt(-5)).isZero();
	}

	@Test
	void theNextThresholdIsAbsentAtTheTop() {
		LevelProperties levels = thresholds(50, 150);
		assertThat(levels.nextThreshold(0)).isEqualTo(50);
		assertThat(levels.nextThreshold(50)).isEqualTo(150);
		assertThat(levels.nextThreshold(150)).isNull();
	}

	@Test
	void thresholdsMustRiseStrictly() {
		assertThat(thresholds(50, 150).isThresholdsIncreasing()).isTrue();
		assertThat(thresholds(50, 50).isThresholdsIncreasing()).isFalse();
		assertThat(thresholds(0, 10).isThresholdsIncreasing()).isFalse();
	}

}
