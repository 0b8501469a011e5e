package io.flashgroup.campaign;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A script's reply read once: the outcome, the detail and its two numbers. */
class ScriptReplyTests {

	@Test
	void readsBothNumbersOfAColonDetail() {
		ScriptReply reply = ScriptReply.of(List.<Object>of("LIMIT_REACHED", "2:3"));
		assertThat(reply.outcome()).isEqualTo("LIMIT_REACHED");
		assertThat(reply.detail()).isEqualTo("2:3");
		assertThat(reply.first()).isEqualTo(2);
		assertThat(reply.second()).isEqualTo(3);
	}

	@Test
	void readsADetailWithoutAColonAsItsFirstNumber() {
		ScriptReply reply = ScriptReply.of(List.<Object>of("SOLD_OUT", "5"));
		assertThat(reply.first()).isEqualTo(5);
		assertThat(reply.second()).as("no colon: the whole detail").isEqualTo(5);
	}

	@Test
	void readsAnEmptyOrMissingDetailAsZero() {
		assertThat(ScriptReply.of(List.<Object>of("SOLD_OUT", "")).first()).isZero();
		ScriptReply bare = ScriptReply.of(List.<Object>of("ENDED"));
		assertThat(bare.detail()).isEmpty();
		assertThat(bare.first()).isZero();
	}

	@Test
	void readsTheKindsElementsAfterTheDetail() {
		ScriptReply reply = ScriptReply.of(List.<Object>of("RESERVED", "", "{\"id\":\"o-1\"}", 42L));
		assertThat(reply.at(2)).isEqualTo("{\"id\":\"o-1\"}");
		assertThat(reply.numberAt(3)).isEqualTo(42);
		assertThat(reply.raw()).hasSize(4);
	}

}
