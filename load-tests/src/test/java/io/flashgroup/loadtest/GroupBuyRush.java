package io.flashgroup.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Rehearses the opening of a group buy: an open model of shoppers arriving at
 * {@code -Drate} per second for {@code -Dduration} seconds from the campaign's start,
 * each taking a seat in a group (mostly by auto-join, some opening a group of their own,
 * some joining one picked from the open groups), some retrying with the same
 * Idempotency-Key, some leaving before paying, most paying, so that groups fill, settle
 * or wait. Tokens and the group buy (with a group lifetime that outlasts the run) are
 * prepared in {@code before()}, which also waits for the start by the server's clock.
 * After the load, the audit and the {@link GroupCheck} of every group the shoppers saw
 * run side by side; a broken invariant in either fails the run.
 */
public class GroupBuyRush extends Simulation {

	private static final Map<String, String> DEFAULTS = defaults();

	private final Rehearsal rehearsal = new Rehearsal("GroupBuyRush", Campaign.groupBuy(), DEFAULTS);

	private final GroupCheck groups = new GroupCheck(this.rehearsal.campaign());

	{
		Config config = this.rehearsal.config();
		ScenarioBuilder shoppers = scenario("Group shoppers").feed(this.rehearsal.tokens().shopperFeeder())
			.exec(GroupBuyShopper.journey(config, this.rehearsal.campaign(), this.rehearsal.api(),
					this.rehearsal.outcomes(), this.groups));
		setUp(this.rehearsal.thenAudit(
				shoppers.injectOpen(constantUsersPerSec(config.rate()).during(config.duration()).randomized()),
				this.groups.population()))
			.protocols(this.rehearsal.http())
			.assertions(this.rehearsal.assertions(GroupBuyShopper.AUTO_JOIN, GroupCheck.CHECK));
	}

	/**
	 * A rush a little gentler than {@link FlashSaleRush}'s (each shopper makes more calls),
	 * stock below the shoppers so it sells out late in the run, one seat per shopper and
	 * fewer shoppers than arrivals so the last ones come back, plus the group buy's own
	 * knobs.
	 */
	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("rate", "40");
		defaults.put("duration", "30");
		defaults.put("stock", "900");
		defaults.put("perUserLimit", "1");
		defaults.put("shoppers", "1000");
		defaults.put("payRatio", "0.75");
		defaults.put("retryRatio", "0.1");
		defaults.put("groupSize", "3");
		defaults.put("groupTtl", "");
		defaults.put("openRatio", "0.15");
		defaults.put("joinRatio", "0.25");
		defaults.put("leaveRatio", "0.1");
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
		System.out.print(this.groups.summary());
	}

}
