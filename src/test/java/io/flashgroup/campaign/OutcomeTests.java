package io.flashgroup.campaign;

import org.junit.jupiter.api.Test;

import static io.flashgroup.campaign.CampaignRefusalTests.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** A done attempt as its script says: first time, or a retry answered again. */
class OutcomeTests {

	@Test
	void tagsAFirstAttemptWithTheScriptsOutcome() {
		Outcome<String> outcome = Outcome.done("order-1", reply("RESERVED", ""));
		assertThat(outcome).isEqualTo(new Outcome.Done<>("order-1", false, "RESERVED"));
		assertThat(outcome.tag()).isEqualTo("reserved");
		assertThat(Outcome.done("seat", reply("JOINED", "")).tag()).isEqualTo("joined");
	}

	@Test
	void tagsARetryAsReplayed() {
		Outcome<String> outcome = Outcome.done("order-1", reply("DUPLICATE", ""));
		assertThat(outcome).isEqualTo(new Outcome.Done<>("order-1", true, "DUPLICATE"));
		assertThat(outcome.tag()).isEqualTo("replayed");
	}

	@Test
	void tagsARefusalAsItsReason() {
		assertThat(Outcome.refused(new CampaignRefusal.LimitReached(1, 1)).tag()).isEqualTo("limit_reached");
	}

}
