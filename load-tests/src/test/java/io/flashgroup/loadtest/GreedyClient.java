package io.flashgroup.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Rehearses the rate limits: honest shoppers arrive as in {@link FlashSaleRush} (each
 * buys once, some retry, some pay) while one greedy client, a single shopper token on
 * {@code -DgreedyConnections} keep-alive connections, fires {@code -DgreedyRate}
 * purchases per second (each with a new Idempotency-Key, as a script would) for the whole
 * run. The run fails when an honest shopper gets anything
 * but 201 or 409 (a 429 included), when the greedy client was not refused with 429 at
 * least {@code -DminGreedyRefusals} of the time, on a p99 above {@code -Dp99Ms}, or on a
 * broken invariant (the greedy client's accepted purchases count like anyone's). Run it
 * with {@code -DgreedyRate=0} for the baseline the honest p99 compares with.
 */
public class GreedyClient extends Simulation {

	private static final Map<String, String> DEFAULTS = defaults();

	private final Rehearsal rehearsal = new Rehearsal("GreedyClient", Campaign.flashSale(), DEFAULTS);

	private final AtomicReference<Tokens.Shopper> greedy = new AtomicReference<>();

	private final GreedyShopper greedyShopper = new GreedyShopper(this.rehearsal.campaign(), this.rehearsal.outcomes(),
			this.greedy::get);

	{
		Config config = this.rehearsal.config();
		ScenarioBuilder shoppers = scenario("Honest shoppers").feed(this.rehearsal.tokens().shopperFeeder())
			.exec(FlashSaleShopper.journey(config, this.rehearsal.campaign(), this.rehearsal.api(),
					this.rehearsal.outcomes()));
		PopulationBuilder honest = shoppers
			.injectOpen(constantUsersPerSec(config.rate()).during(config.duration()).randomized());
		double greedyRate = greedyRate(config);
		setUp((greedyRate > 0) ? withGreedy(config, honest, greedyRate)
				: new PopulationBuilder[] { this.rehearsal.thenAudit(honest) })
			.protocols(this.rehearsal.http())
			.assertions(greedyRate > 0
					? this.rehearsal.assertions(FlashSaleShopper.PURCHASE, GreedyShopper.VERDICT)
					: this.rehearsal.assertions(FlashSaleShopper.PURCHASE));
	}

	private PopulationBuilder[] withGreedy(Config config, PopulationBuilder honest, double greedyRate) {
		PopulationBuilder flood = this.greedyShopper.flood(greedyRate, config.positiveInt("greedyConnections"),
				config.duration());
		// The flood ends with the honest arrivals, before their last payments, so the audit
		// (after the honest shoppers) counts its accepted purchases too.
		return new PopulationBuilder[] { this.rehearsal.thenAudit(honest),
				flood.andThen(this.greedyShopper.verdict(config.ratio("minGreedyRefusals"))) };
	}

	/**
	 * Honest shoppers as in {@link FlashSaleRush} but fewer a second and enough stock that
	 * most of them buy (a 201 is the path whose p99 matters), and the greedy client's
	 * knobs.
	 */
	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("rate", "50");
		defaults.put("duration", "30");
		defaults.put("stock", "5000");
		defaults.put("greedyRate", "300");
		defaults.put("greedyConnections", "8");
		defaults.put("minGreedyRefusals", "0.8");
		return defaults;
	}

	private static double greedyRate(Config config) {
		double rate = Double.parseDouble(config.string("greedyRate").trim());
		if (rate < 0) {
			throw new IllegalArgumentException("-DgreedyRate must not be negative, was " + rate);
		}
		return rate;
	}

	@Override
	public void before() {
		Config config = this.rehearsal.config();
		this.rehearsal.prepare(config.shoppers(), config.lead(), config.duration());
		if (greedyRate(config) > 0) {
			this.greedy.set(this.rehearsal.tokens().extraShopper(this.rehearsal.api(), "greedy"));
		}
		this.rehearsal.awaitStart();
	}

	@Override
	public void after() {
		this.rehearsal.report();
		System.out.print(this.greedyShopper.summary());
	}

}
