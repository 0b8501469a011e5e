package io.flashgroup.campaign;

import java.util.Map;

import io.flashgroup.live.LocalWrites;
import io.flashgroup.shared.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import static io.flashgroup.campaign.CampaignRefusalTests.KIND;
import static io.flashgroup.campaign.CampaignRefusalTests.reply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settling an attempt: counted per kind, action and outcome, a done one passed on, a
 * refused one its problem. The refusal {@code NOT_FOUND} asks PostgreSQL whether the
 * campaign was lost ({@link LostState}); that path is the StateLoss integration tests',
 * so here {@link LostState} has no database and is never asked.
 */
class OutcomesTests {

	private static final CampaignKind OTHER = new CampaignKind("RAFFLE", "Raffle", null);

	private static final CampaignId ID = new CampaignId(7);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Outcomes outcomes = new Outcomes(this.meters, new LostState(null), new LocalWrites());

	@Test
	void passesADoneAttemptOnAndCountsIt() {
		Outcome<String> done = Outcome.done("order-1", reply("RESERVED", ""));
		StepVerifier.create(this.outcomes.attempts(KIND, "purchase").settle(ID, Mono.just(done)))
			.expectNext(new Outcome.Done<>("order-1", false, "RESERVED"))
			.verifyComplete();
		assertThat(count(KIND, "purchase", "reserved")).isEqualTo(1);
	}

	@Test
	void answersARefusalWithItsProblemAndCountsIt() {
		Outcome<String> soldOut = Outcome.refused(new CampaignRefusal.SoldOut(0));
		StepVerifier.create(this.outcomes.attempts(KIND, "purchase").settle(ID, Mono.just(soldOut)))
			.expectErrorSatisfies((error) -> {
				ProblemException problem = (ProblemException) error;
				assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
				assertThat(problem.type()).isEqualTo("sold-out");
				assertThat(problem.properties()).isEqualTo(Map.of("stockLeft", 0L));
			})
			.verify();
		assertThat(count(KIND, "purchase", "sold_out")).isEqualTo(1);
	}

	@Test
	void answersAKindsRefusalWithTheProblemItCarries() {
		KindRefusal full = KindRefusal.conflict("group-full", "Every seat of this group is taken", Map.of());
		StepVerifier.create(this.outcomes.attempts(OTHER, "seat").settle(ID, Mono.just(Outcome.<String>refused(full))))
			.expectErrorSatisfies((error) -> assertThat(error).isSameAs(full.problem()))
			.verify();
		assertThat(count(OTHER, "seat", "group_full")).isEqualTo(1);
	}

	@Test
	void countsEachKindActionAndOutcomeApart() {
		settle(KIND, "purchase", Outcome.done("a", reply("RESERVED", "")));
		settle(KIND, "purchase", Outcome.done("a", reply("DUPLICATE", "")));
		settle(KIND, "purchase", Outcome.done("b", reply("RESERVED", "")));
		settle(KIND, "cut", Outcome.done("c", reply("RESERVED", "")));
		settle(OTHER, "purchase", Outcome.done("d", reply("RESERVED", "")));
		settle(OTHER, "purchase", Outcome.refused(new CampaignRefusal.Ended()));
		assertThat(count(KIND, "purchase", "reserved")).isEqualTo(2);
		assertThat(count(KIND, "purchase", "replayed")).isEqualTo(1);
		assertThat(count(KIND, "cut", "reserved")).isEqualTo(1);
		assertThat(count(OTHER, "purchase", "reserved")).isEqualTo(1);
		assertThat(count(OTHER, "purchase", "ended")).isEqualTo(1);
		assertThat(this.meters.find("flashgroup.purchases").counters()).hasSize(5);
	}

	@Test
	void countsNothingForAnAttemptThatNeverAnswered() {
		StepVerifier.create(this.outcomes.attempts(KIND, "purchase").settle(ID, Mono.<Outcome<String>>empty()))
			.verifyComplete();
		assertThat(this.meters.find("flashgroup.purchases").counters()).isEmpty();
	}

	private void settle(CampaignKind kind, String action, Outcome<String> outcome) {
		this.outcomes.attempts(kind, action).settle(ID, Mono.just(outcome)).onErrorComplete().block();
	}

	private double count(CampaignKind kind, String action, String outcome) {
		return this.meters.get("flashgroup.purchases")
			.tag("kind", kind.tag())
			.tag("action", action)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
