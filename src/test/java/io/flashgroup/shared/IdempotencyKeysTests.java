package io.flashgroup.shared;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeysTests {

	@Test
	void asksForAKeyWhenNoneOrAnEmptyOneIsGiven() {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> IdempotencyKeys.require(null))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo("idempotency-key-required"));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> IdempotencyKeys.require(""))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo("idempotency-key-required"));
	}

	@Test
	void refusesKeysBeyondTheAllowedCharactersOrLength() {
		for (String key : List.of("caf\u00e9", "k\u0085k", "a b", "{c:1}", "k".repeat(65), "\ud800")) {
			assertThatExceptionOfType(ProblemException.class).as(key)
				.isThrownBy(() -> IdempotencyKeys.require(key))
				.satisfies((ex) -> assertThat(ex.type()).isEqualTo("idempotency-key-invalid"));
		}
	}

	@Test
	void letsAnAbsentEmptyOrValidSingleHeaderThrough() {
		assertThat(IdempotencyKeys.require("A-z_0.9:")).isEqualTo("A-z_0.9:");
		assertThat(IdempotencyKeys.acceptable(null)).isTrue();
		assertThat(IdempotencyKeys.acceptable(List.of(""))).isTrue();
		assertThat(IdempotencyKeys.acceptable(List.of("k".repeat(64)))).isTrue();
		assertThat(IdempotencyKeys.acceptable(List.of("a", "a"))).isFalse();
		assertThat(IdempotencyKeys.acceptable(List.of("caf\u00e9"))).isFalse();
	}

}
