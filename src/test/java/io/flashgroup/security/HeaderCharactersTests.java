package io.flashgroup.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop gives the strict firewall's regular expressions' verdict on every code point,
 * alone and inside text, and on lone surrogates.
 */
class HeaderCharactersTests {

	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void agreesWithTheFirewallsPatternsOnEveryCodePoint() {
		List<String> disagreements = new ArrayList<>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = Character.toString(codePoint);
			String inside = "Bearer a" + alone + "z";
			if (HeaderCharacters.name(alone) != NAME.matcher(alone).matches()
					|| HeaderCharacters.value(inside) != VALUE.matcher(inside).matches()) {
				disagreements.add("U+%04X".formatted(codePoint));
			}
		}
		assertThat(disagreements).isEmpty();
	}

	@Test
	void letsAnAbsentValueThroughAsTheFirewallDoes() {
		assertThat(HeaderCharacters.name(null)).isTrue();
		assertThat(HeaderCharacters.value(null)).isTrue();
	}

	@Test
	void agreesOnTypicalAndBrokenHeaders() {
		for (String text : List.of("", "Idempotency-Key", "a\tb", "\t", "caf\u00e9", "x\u0085y", "\ud800", "a\udc00b",
				"\ud83d\ude00", "ok\u007f", "line\r\nbreak", "\u0000")) {
			assertThat(HeaderCharacters.name(text)).as(text).isEqualTo(NAME.matcher(text).matches());
			assertThat(HeaderCharacters.value(text)).as(text).isEqualTo(VALUE.matcher(text).matches());
		}
	}

}
