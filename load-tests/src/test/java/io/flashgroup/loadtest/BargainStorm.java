package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Rehearses a bargain storm: from the campaign's start, owners arrive at {@code -Drate}
 * per second for {@code -Dduration} seconds and start sessions, while helpers arrive at
 * {@code -DhelperRate} per second, in crowds of {@code -Dcrowd} at the same instant, and
 * cut one of the {@code -DhotSessions} oldest open sessions, so that concurrent cuts and
 * races for a session's last cut (and against its purchase) really happen. Owners buy
 * before the floor, wait for it, or walk away; some pay (see {@link BargainShopper}).
 * After the load, the audit and the {@link BargainCheck} of every session the run saw run
 * side by side; a broken invariant in either fails the run.
 */
public class BargainStorm extends Simulation {

	private static final Map<String, String> DEFAULTS = defaults();

	private final Rehearsal rehearsal = new Rehearsal("BargainStorm", Campaign.bargain(), DEFAULTS);

	private final BargainCheck sessions = new BargainCheck(this.rehearsal.campaign(),
			this.rehearsal.config().positiveInt("hotSessions"));

	private final AtomicLong loadStartedNanos = new AtomicLong();

	private final AtomicInteger helpersInFlight = new AtomicInteger();

	{
		Config config = this.rehearsal.config();
		ScenarioBuilder owners = scenario("Bargain owners").exec(this::loadStarted)
			.feed(this.rehearsal.tokens().shopperFeeder())
			.exec(BargainShopper.owner(config, this.rehearsal.campaign(), this.rehearsal.api(),
					this.rehearsal.outcomes(), this.sessions))
			// The checks are chained after the owners: an owner still here once all owners have
			// arrived may be the last one, and waits for the helpers to be done too.
			.exec(asLongAs((session) -> helpersBusy(config)).on(pause(Duration.ofMillis(100))));
		ScenarioBuilder helpers = scenario("Bargain helpers").exec(this::loadStarted).exec((session) -> {
			this.helpersInFlight.incrementAndGet();
			return session;
		})
			.feed(this.rehearsal.tokens().shopperFeeder())
			.exec(BargainShopper.helper(this.rehearsal.campaign(), this.rehearsal.api(), this.rehearsal.outcomes(),
					this.sessions))
			.exec((session) -> {
				this.helpersInFlight.decrementAndGet();
				return session;
			});
		setUp(this.rehearsal.thenAudit(
				owners.injectOpen(constantUsersPerSec(config.rate()).during(config.duration()).randomized()),
				this.sessions.population()), helpers.injectOpen(crowds(config)))
			.protocols(this.rehearsal.http())
			.assertions(this.rehearsal.assertions(BargainShopper.START, BargainShopper.CUT, BargainCheck.CHECK));
	}

	private Session loadStarted(Session session) {
		this.loadStartedNanos.compareAndSet(0, System.nanoTime());
		return session;
	}

	/**
	 * Whether an owner finishing now must wait for the helpers: all owners have arrived
	 * (so this one may be the last, after which the checks start) and helpers are still
	 * arriving or cutting.
	 */
	private boolean helpersBusy(Config config) {
		long elapsed = System.nanoTime() - this.loadStartedNanos.get();
		long span = config.duration().toNanos();
		return elapsed >= span && (elapsed < span + Duration.ofSeconds(1).toNanos() || this.helpersInFlight.get() > 0);
	}

	/**
	 * Helpers in crowds: {@code crowd} of them at once, often enough to make
	 * {@code helperRate} a second over the duration ({@code crowd = 1} is a steady rate).
	 */
	private static List<OpenInjectionStep> crowds(Config config) {
		double rate = config.positiveDouble("helperRate");
		int crowd = config.positiveInt("crowd");
		long every = Math.max(1, Math.round(1000.0 * crowd / rate));
		long count = Math.max(1, config.duration().toMillis() / every);
		List<OpenInjectionStep> steps = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			steps.add(atOnceUsers(crowd));
			steps.add(nothingFor(Duration.ofMillis(every)));
		}
		return steps;
	}

	/**
	 * Fewer owners than helpers (each session needs several cuts), stock below the
	 * sessions so it can sell out late in the run, one session (and unit) per shopper,
	 * fewer shoppers than helper arrivals so helpers come back and meet their daily limit,
	 * plus the bargain's own knobs.
	 */
	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("rate", "8");
		defaults.put("duration", "30");
		defaults.put("stock", "150");
		defaults.put("perUserLimit", "1");
		defaults.put("shoppers", "300");
		defaults.put("payRatio", "0.6");
		defaults.put("retryRatio", "0.1");
		defaults.put("helperRate", "50");
		defaults.put("crowd", "8");
		defaults.put("hotSessions", "3");
		defaults.put("listPrice", "10000");
		defaults.put("floorPrice", "5000");
		defaults.put("helpersNeeded", "5");
		defaults.put("helpsPerHelperPerDay", "3");
		defaults.put("sessionTtl", "");
		defaults.put("buyNowRatio", "0.3");
		defaults.put("floorRatio", "0.5");
		defaults.put("restartRatio", "0.1");
		defaults.put("floorWait", "10");
		return defaults;
	}

	@Override
	public void before() {
		Config config = this.rehearsal.config();
		this.rehearsal.prepare(config.shoppers(), config.lead(), config.duration());
		this.rehearsal.awaitStart();
	}

	@Override
	public void after() {
		this.rehearsal.report();
		System.out.print(this.sessions.summary());
	}

}
