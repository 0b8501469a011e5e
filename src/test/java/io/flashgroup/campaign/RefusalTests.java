package io.flashgroup.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static io.flashgroup.campaign.CampaignRefusalTests.KIND;
import static io.flashgroup.campaign.CampaignRefusalTests.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A reply's refusal: the shared ones first, then the kind's, and nothing unknown. */
class RefusalTests {

	private final List<String> asked = new ArrayList<>();

	@Test
	void decodesASharedOutcomeWithoutAskingTheKind() {
		Refusal refusal = Refusal.of(reply("SOLD_OUT", "0"), this::giveawayRefusals);
		assertThat(refusal).isEqualTo(new CampaignRefusal.SoldOut(0));
		assertThat(this.asked).isEmpty();
	}

	@Test
	void decodesTheKindsOwnOutcome() {
		Refusal refusal = Refusal.of(reply("ALREADY_WON", ""), this::giveawayRefusals);
		assertThat(refusal).isInstanceOf(KindRefusal.class);
		assertThat(refusal.tag()).isEqualTo("already_won");
		assertThat(refusal.problem(KIND).status()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(refusal.problem(KIND).type()).isEqualTo("already-won");
		assertThat(this.asked).containsExactly("ALREADY_WON");
	}

	@Test
	void refusesAnOutcomeNobodyKnows() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Refusal.of(reply("LOST_IN_SPACE", ""), this::giveawayRefusals))
			.withMessage("Unknown outcome LOST_IN_SPACE");
	}

	private KindRefusal giveawayRefusals(ScriptReply reply) {
		this.asked.add(reply.outcome());
		return "ALREADY_WON".equals(reply.outcome())
				? KindRefusal.conflict("already-won", "You already won this giveaway", Map.of()) : null;
	}

}
