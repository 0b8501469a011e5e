package io.flashgroup.campaign;

import io.flashgroup.shared.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CampaignKeysTests {

	@Test
	void readsAnIdWrittenInAsciiDigits() {
		assertThat(CampaignKeys.parseId("12", "Sale")).isEqualTo(12);
		assertThat(CampaignKeys.parseId("4294967295", "Sale")).isEqualTo(CampaignKeys.MAX_ID);
		assertThat(CampaignKeys.idOf("7")).hasValue(7);
	}

	@Test
	void findsNoCampaignForAnyOtherSpelling() {
		for (String id : new String[] { "\u0661\u0662", "+1", "-1", "0", "007", " 1", "1 ", "1.0", "1e3", "",
				"4294967296", "99999999999999999999", "\uff11", "0x1" }) {
			assertThat(CampaignKeys.idOf(id)).as(id).isEmpty();
			assertThatExceptionOfType(ProblemException.class).as(id)
				.isThrownBy(() -> CampaignKeys.parseId(id, "Sale"))
				.satisfies((ex) -> assertThat(ex.type()).isEqualTo("not-found"));
		}
	}

}
