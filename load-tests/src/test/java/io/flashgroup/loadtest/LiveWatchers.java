package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Rehearses the live fan-out during a rush: {@code -Dwatchers} WebSocket clients
 * connect over {@code -DwatchRamp} seconds while the sale is still scheduled, subscribe,
 * and stay through the rush until it sells out (or the watch deadline). The rush that
 * drives the updates is this simulation's own: the same buyers as {@link FlashSaleRush}
 * (a smaller open model) start at the sale's start, so the run stands alone and its
 * audit covers exactly its own purchases. The audit runs after the buyers, the watchers'
 * verdict (what they saw last against the REST state) after the watchers.
 */
public class LiveWatchers extends Simulation {

	private static final Map<String, String> DEFAULTS = defaults();

	private final Rehearsal rehearsal = new Rehearsal("LiveWatchers", Campaign.flashSale(), DEFAULTS);

	private final LiveWatch watch = new LiveWatch(this.rehearsal.campaign());

	{
		Config config = this.rehearsal.config();
		PopulationBuilder watchers = scenario("Watchers").exec(this.watch.journey(watchFor(config)))
			.injectOpen(rampUsers(config.positiveInt("watchers")).during(config.seconds("watchRamp")));
		PopulationBuilder buyers = scenario("Buyers").feed(this.rehearsal.tokens().shopperFeeder())
			.exec(FlashSaleShopper.journey(config, this.rehearsal.campaign(), this.rehearsal.api(),
					this.rehearsal.outcomes()))
			.injectOpen(nothingFor(config.lead()),
					constantUsersPerSec(config.rate()).during(config.duration()).randomized());
		setUp(watchers.andThen(this.watch.verification()), this.rehearsal.thenAudit(buyers)).protocols(this.rehearsal.http())
			.assertions(this.rehearsal.assertions(LiveWatch.SNAPSHOT, LiveWatch.FINAL_STATE, FlashSaleShopper.PURCHASE));
	}

	/** A smaller rush than {@link FlashSaleRush}'s, plus the watchers' own knobs. */
	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("rate", "40");
		defaults.put("duration", "20");
		defaults.put("stock", "500");
		defaults.put("shoppers", "800");
		defaults.put("payRatio", "0.2");
		defaults.put("retryRatio", "0.05");
		defaults.put("lead", "10");
		defaults.put("watchers", "300");
		defaults.put("watchRamp", "5");
		defaults.put("watchFor", "0");
		return defaults;
	}

	/** Watchers leave at the latest a few seconds after the last buyer arrived. */
	private static Duration watchFor(Config config) {
		Duration configured = config.seconds("watchFor");
		return configured.isZero() ? config.lead().plus(config.duration()).plusSeconds(5) : configured;
	}

	@Override
	public void before() {
		Config config = this.rehearsal.config();
		this.rehearsal.prepare(config.shoppers(), config.lead(), config.duration());
	}

	@Override
	public void after() {
		this.rehearsal.report();
		System.out.print(this.watch.summary());
	}

}
