package io.flashgroup.campaign;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashgroup.shared.ProblemException;
import io.flashgroup.live.LocalWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Where every kind's attempts end: each outcome is counted as
 * {@code flashgroup.purchases{kind,action,outcome}}, a done one is passed on, a refused
 * one becomes its problem. A campaign a script found without state is told apart here: a
 * 404 when it does not exist, a 503 while Redis rebuilds it, a 409 once it retired
 * ({@link LostState}).
 */
@Component
public class Outcomes {

	private final MeterRegistry meters;

	private final LostState lostState;

	private final LocalWrites writes;

	Outcomes(MeterRegistry meters, LostState lostState, LocalWrites writes) {
		this.meters = meters;
		this.lostState = lostState;
		this.writes = writes;
	}

	/**
	 * Where one kind's attempts of one action end; a service keeps one per action, so
	 * counting an attempt is one map lookup by a word the script already sent.
	 * @param kind the campaign's kind
	 * @param action the metric's action tag, e.g. {@code purchase}, {@code cut}
	 * @return the action's settlement
	 */
	public Attempts attempts(CampaignKind kind, String action) {
		return new Attempts(kind, action);
	}

	private <T> Mono<T> notFound(CampaignKind kind, CampaignId id) {
		return this.lostState.problem(id, kind).flatMap(Mono::error);
	}

	/** One kind's attempts of one action: their counters and their settlement. */
	public final class Attempts {

		private final CampaignKind kind;

		private final String action;

		/**
		 * By the script's word (done) or the refusal's tag: no string is built per
		 * attempt.
		 */
		private final Map<String, Counter> counters = new ConcurrentHashMap<>();

		private Attempts(CampaignKind kind, String action) {
			this.kind = kind;
			this.action = action;
		}

		/**
		 * The attempt's result, or the error its refusal stands for.
		 * @param id the campaign
		 * @param attempt the decoded outcome
		 * @return the done outcome (value and whether it was replayed)
		 */
		public <T> Mono<Outcome.Done<T>> settle(CampaignId id, Mono<Outcome<T>> attempt) {
			return attempt.doOnNext(this::count).flatMap((outcome) -> switch (outcome) {
				case Outcome.Done<T> done -> {
					Outcomes.this.writes.written(id.value());
					yield Mono.just(done);
				}
				case Outcome.Refused<T> refused -> (refused.refusal() instanceof CampaignRefusal.NotFound)
						? notFound(this.kind, id) : Mono.error(refused.refusal().problem(this.kind));
			});
		}

		private void count(Outcome<?> outcome) {
			String key = (outcome instanceof Outcome.Done<?> done) ? done.outcome() : outcome.tag();
			this.counters
				.computeIfAbsent(key,
						(word) -> Counter.builder("flashgroup.purchases")
							.description("Attempts on campaigns by kind, action and outcome")
							.tag("kind", this.kind.tag())
							.tag("action", this.action)
							.tag("outcome", outcome.tag())
							.register(Outcomes.this.meters))
				.increment();
		}

	}

}
