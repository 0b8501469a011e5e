package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * What every rehearsal shares, whatever the campaign kind: configuration, the server
 * helper, tokens, the target campaign, client-side outcome counts, the audit, the HTTP
 * protocol and the assertions that fail the run. A simulation holds one and calls
 * {@link #prepare} from {@code before()} and {@link #report} from {@code after()}.
 * {@link FlashSaleRush}, {@link GroupBuyRush} and {@link BargainStorm} are built this
 * way, each with a {@link Campaign} factory and a shopper journey of its own.
 */
public final class Rehearsal {

	private final String name;

	private final Config config;

	private final ServerApi api;

	private final Tokens tokens;

	private final Campaign campaign;

	private final Outcomes outcomes = new Outcomes();

	private final Audit audit;

	/**
	 * Reads the configuration; does no I/O.
	 * @param name simulation name, for the log
	 * @param campaign the (empty) campaign holder
	 * @param defaults the simulation's defaults over the common ones
	 */
	public Rehearsal(String name, Campaign campaign, Map<String, String> defaults) {
		this.name = name;
		this.config = Config.load(defaults);
		this.api = new ServerApi(this.config.baseUrl());
		this.tokens = new Tokens(this.config);
		this.campaign = campaign;
		this.audit = new Audit(this.config, campaign, this.tokens, this.outcomes);
	}

	/**
	 * Gets the tokens and the campaign: creates one of the holder's kind starting
	 * {@code lead} from now, or reads {@code -DcampaignId} (alias {@code -DsaleId}). Call
	 * from {@code before()}.
	 * @param shopperCount shopper identities to prepare
	 * @param lead time until the start of a created campaign
	 * @param loadDuration how long the load lasts, to size the campaign window
	 */
	public void prepare(int shopperCount, Duration lead, Duration loadDuration) {
		System.out.println(this.name + " against " + this.config.baseUrl());
		System.out.print(this.config.describe());
		long campaignId = this.config.campaignId();
		this.tokens.load(this.api, shopperCount, campaignId == 0, this.config.audit());
		if (campaignId == 0) {
			this.campaign.create(this.api, this.config, this.tokens.seller(), lead, loadDuration);
		}
		else {
			this.campaign.use(this.api, campaignId);
		}
	}

	/**
	 * Blocks until the campaign has started by the server's clock, so the load begins at
	 * the start. Call from {@code before()} after {@link #prepare}.
	 */
	public void awaitStart() {
		this.campaign.awaitStart(this.api, Duration.ofSeconds(10));
	}

	/** @return the HTTP and WebSocket protocol: no warm-up call, JSON accepted, live updates buffered */
	public HttpProtocolBuilder http() {
		return http.baseUrl(this.config.baseUrl())
			.wsBaseUrl(this.config.wsBaseUrl())
			// Live updates are read in batches (LiveWatch); without a buffer Gatling drops them.
			.wsUnmatchedInboundMessageBufferSize(1_000)
			.acceptHeader("application/json, application/problem+json")
			.userAgentHeader("flashgroup-rehearsal")
			.disableWarmUp();
	}

	/**
	 * Chains the audit after the load, unless {@code -Daudit=false}, together with any
	 * other checks that must wait for the load to end (they run alongside the audit).
	 * @param load the load population
	 * @param alsoAfter more one-shot populations to start once the load is over
	 * @return the load, then the audit and the others
	 */
	public PopulationBuilder thenAudit(PopulationBuilder load, PopulationBuilder... alsoAfter) {
		List<PopulationBuilder> after = new ArrayList<>(List.of(alsoAfter));
		if (this.config.audit()) {
			after.add(0, this.audit.population());
		}
		return after.isEmpty() ? load : load.andThen(after);
	}

	/**
	 * The assertions that fail the run: no failed request at all (only the expected
	 * statuses pass the checks, so any 5xx fails), the 99th percentile of every request
	 * under {@code -Dp99Ms}, the requests that must have happened did, and the audit's
	 * checks held.
	 * @param requiredRequests report names that must have at least one success
	 * @return the assertions
	 */
	public List<Assertion> assertions(String... requiredRequests) {
		List<Assertion> assertions = new ArrayList<>();
		assertions.add(global().failedRequests().count().is(0L));
		for (String request : requiredRequests) {
			assertions.add(details(request).successfulRequests().count().gt(0L));
		}
		// Per request, and only for those that ran: a small run may have no retry or payment.
		assertions.add(forAll().responseTime().percentile(99.0).lt(this.config.p99Millis()));
		if (this.config.audit()) {
			assertions.addAll(this.audit.assertions());
		}
		return assertions;
	}

	/** Prints outcomes and the audit. Call from {@code after()}. */
	public void report() {
		System.out.println();
		System.out.print(this.outcomes.summary());
		if (this.config.audit()) {
			System.out.print(this.audit.summary());
		}
		else {
			System.out.println("Audit skipped (-Daudit=false): the business invariants were NOT checked");
		}
	}

	/** @return the configuration */
	public Config config() {
		return this.config;
	}

	/** @return the server helper */
	public ServerApi api() {
		return this.api;
	}

	/** @return the tokens */
	public Tokens tokens() {
		return this.tokens;
	}

	/** @return the campaign */
	public Campaign campaign() {
		return this.campaign;
	}

	/** @return the client-side outcome counts */
	public Outcomes outcomes() {
		return this.outcomes;
	}

}
