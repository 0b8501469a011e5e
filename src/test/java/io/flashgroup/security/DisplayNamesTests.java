package io.flashgroup.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayNamesTests {

	private static final String EMOJI = new String(Character.toChars(0x1F600));

	@Test
	void removesControlCharactersAndUnpairedSurrogatesButKeepsPairs() {
		assertThat(DisplayNames.clean("Ann\u0000 \ud800Lee\udc00")).isEqualTo("Ann Lee");
		assertThat(DisplayNames.clean("\udc00\ud800" + EMOJI + "\ud800")).isEqualTo(EMOJI);
		assertThat(DisplayNames.clean("\u674e\u534e\t")).isEqualTo("\u674e\u534e");
	}

	@Test
	void boundsNamesToFortyCodePointsWithoutSplittingAPair() {
		assertThat(DisplayNames.clean("x".repeat(39) + EMOJI + "tail")).isEqualTo("x".repeat(39) + EMOJI);
		assertThat(DisplayNames.clean(EMOJI.repeat(50))).isEqualTo(EMOJI.repeat(40));
	}

	@Test
	void leavesNothingForNamesWithNothingStorable() {
		assertThat(DisplayNames.clean(null)).isNull();
		assertThat(DisplayNames.clean("\u0000\ud800 ")).isNull();
	}

}
