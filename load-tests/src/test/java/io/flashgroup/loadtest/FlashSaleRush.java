package io.flashgroup.loadtest;

import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Rehearses the opening second of a flash sale: an open model of shoppers arriving at
 * {@code -Drate} per second for {@code -Dduration} seconds from the sale's start, each
 * buying one unit, some retrying with the same Idempotency-Key, some paying. Tokens and
 * the sale are prepared in {@code before()}, which also waits for the start by the
 * server's clock; the audit runs after the load and fails the run on a broken invariant.
 */
public class FlashSaleRush extends Simulation {

	private final Rehearsal rehearsal = new Rehearsal("FlashSaleRush", Campaign.flashSale(), Map.of());

	{
		Config config = this.rehearsal.config();
		ScenarioBuilder shoppers = scenario("Shoppers").feed(this.rehearsal.tokens().shopperFeeder())
			.exec(FlashSaleShopper.journey(config, this.rehearsal.campaign(), this.rehearsal.api(),
					this.rehearsal.outcomes()));
		setUp(this.rehearsal.thenAudit(shoppers.injectOpen(
				constantUsersPerSec(config.rate()).during(config.duration()).randomized())))
			.protocols(this.rehearsal.http())
			.assertions(this.rehearsal.assertions(FlashSaleShopper.PURCHASE));
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
	}

}
