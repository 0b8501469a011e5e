package io.flashgroup.campaign;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashgroup.shared.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Where every kind's attempts end: each outcome is counted as
 * {@code flashgroup.purchases{kind,action,outcome}}, a done one is passed on, a refused
 * one becomes its problem. A campaign a script found without state is told apart here: a
 * 404 when it does not exist, a 503 while Redis rebuilds it ({@link LostState}).
 */
@Component
public class Outcomes {

	private final MeterRegistry meters;

	private final LostState lostState;

	/**
	 * One counter per kind, action and outcome, looked up once: this runs on every
	 * attempt.
	 */
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	Outcomes(MeterRegistry meters, LostState lostState) {
		this.meters = meters;
		this.lostState = lostState;
	}

	/**
	 * The attempt's result, or the error its refusal stands for.
	 * @param kind the campaign's kind
	 * @param action the metric's action tag, e.g. {@code purchase}, {@code cut}
	 * @param id the campaign
	 * @param attempt the decoded outcome
	 * @return the done outcome (value and whether it was replayed)
	 */
	public <T> Mono<Outcome.Done<T>> settle(CampaignKind kind, String action, CampaignId id, Mono<Outcome<T>> attempt) {
		return attempt.doOnNext((outcome) -> count(kind, action, outcome)).flatMap((outcome) -> switch (outcome) {
			case Outcome.Done<T> done -> Mono.just(done);
			case Outcome.Refused<T> refused -> (refused.refusal() instanceof CampaignRefusal.NotFound)
					? notFound(kind, id) : Mono.error(refused.refusal().problem(kind));
		});
	}

	private <T> Mono<T> notFound(CampaignKind kind, CampaignId id) {
		return this.lostState.isLost(id, kind)
			.flatMap((lost) -> Mono.error(lost ? LostState.rebuilding() : ProblemException.notFound(kind.named(id))));
	}

	private void count(CampaignKind kind, String action, Outcome<?> outcome) {
		String tag = outcome.tag();
		this.counters
			.computeIfAbsent(kind.name() + '/' + action + '/' + tag,
					(key) -> Counter.builder("flashgroup.purchases")
						.description("Attempts on campaigns by kind, action and outcome")
						.tag("kind", kind.tag())
						.tag("action", action)
						.tag("outcome", tag)
						.register(this.meters))
			.increment();
	}

}
