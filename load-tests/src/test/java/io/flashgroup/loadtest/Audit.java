package io.flashgroup.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The business invariants, checked after the load through the ops audit endpoint
 * ({@code GET /api/ops/campaigns/{id}/audit}, OPS token). A one-user scenario, chained
 * after the load with {@code andThen}, polls the audit until Redis and PostgreSQL agree
 * (the outbox drained) or the deadline passes, then makes one final request whose checks
 * are the invariants:
 * <ul>
 * <li>the server's own flags: every {@code $.invariants.*} true, {@code noOversell} and
 * {@code heldMatchesSold} by name, and {@code $.agrees};</li>
 * <li>units held (reserved + paid + settled) in Redis and in PostgreSQL never above the
 * stock;</li>
 * <li>units the shoppers still hold (client side: distinct orders granted, minus those
 * given back, e.g. a group seat left) never above the stock;</li>
 * <li>on a campaign only this run touched: Redis holds exactly the units the shoppers
 * still hold, and its paid orders (PAID, and SETTLED or refunded for a group buy) hold
 * exactly the units they were told were paid.</li>
 * </ul>
 * A failed check is a failed request, and the simulation's "no failed request" assertion
 * then fails the run (and {@code mvn gatling:test}). Works for every campaign kind.
 */
public final class Audit {

	/** Report name of the polls while waiting for agreement. */
	public static final String POLL = "audit poll";

	/** Report name of the request carrying the invariant checks. */
	public static final String FINAL = "audit final";

	/** Order statuses of orders that were paid at some point. */
	private static final List<String> PAID_STATUSES = List.of("PAID", "SETTLED", "REFUND_PENDING", "REFUNDED");

	private final Config config;

	private final Campaign campaign;

	private final Tokens tokens;

	private final Outcomes outcomes;

	private final AtomicReference<String> lastAudit = new AtomicReference<>();

	private final AtomicLong pollStarted = new AtomicLong();

	private final AtomicLong agreedAfterMillis = new AtomicLong(-1);

	Audit(Config config, Campaign campaign, Tokens tokens, Outcomes outcomes) {
		this.config = config;
		this.campaign = campaign;
		this.tokens = tokens;
		this.outcomes = outcomes;
	}

	/** @return the one-user audit population, to chain with {@code andThen} after the load */
	public PopulationBuilder population() {
		Duration deadline = this.config.auditDeadline();
		return scenario("Audit").exec((session) -> {
			this.pollStarted.set(System.currentTimeMillis());
			return session.set("agrees", false);
		})
			.asLongAsDuring((session) -> !session.getBoolean("agrees"), deadline)
			.on(exec(http(POLL).get((session) -> path())
				.header("Authorization", (session) -> "Bearer " + this.tokens.ops())
				.check(status().is(200), jsonPath("$.agrees").ofBoolean().saveAs("agrees")))
				.exec(doIf((session) -> !session.getBoolean("agrees")).then(pause(Duration.ofMillis(500)))))
			.exec((session) -> {
				if (session.getBoolean("agrees")) {
					this.agreedAfterMillis.set(System.currentTimeMillis() - this.pollStarted.get());
				}
				return session;
			})
			.exec(http(FINAL).get((session) -> path())
				.header("Authorization", (session) -> "Bearer " + this.tokens.ops())
				.check(status().is(200), bodyString().saveAs("audit"),
						jsonPath("$.invariants.noOversell").ofBoolean().is(true),
						jsonPath("$.invariants.heldMatchesSold").ofBoolean().is(true),
						jsonPath("$.invariants.*").ofBoolean().findAll().transform((all) -> !all.contains(false)).is(true),
						jsonPath("$.agrees").ofBoolean().is(true),
						jsonPath("$.redis.heldUnits").ofLong().lte((session) -> (long) this.campaign.stock()),
						jsonPath("$.postgres.heldUnits").ofLong().lte((session) -> (long) this.campaign.stock()),
						jsonPath("$.stock").ofLong().gte((session) -> this.outcomes.heldUnits()))
				.checkIf((session) -> this.campaign.exclusive())
				.then(jsonPath("$.redis.heldUnits").ofLong().is((session) -> this.outcomes.heldUnits()),
						jsonPath("$.redis.orders").ofMap()
							.transform(Audit::paidUnits)
							.is((session) -> this.outcomes.paidUnits())))
			.exec((session) -> {
				this.lastAudit.set(session.getString("audit"));
				return session;
			})
			.injectOpen(atOnceUsers(1));
	}

	/**
	 * Units of orders that were paid, whatever happened next: PAID, SETTLED (a group that
	 * succeeded), REFUND_PENDING or REFUNDED (a group that failed after they paid).
	 */
	private static long paidUnits(Map<String, Object> orders) {
		long units = 0;
		for (String status : PAID_STATUSES) {
			if (orders.get(status) instanceof Map<?, ?> tally && tally.get("units") instanceof Number number) {
				units += number.longValue();
			}
		}
		return units;
	}

	private String path() {
		return "/api/ops/campaigns/" + this.campaign.id() + "/audit";
	}

	/** @return assertions that the final audit ran and passed its checks */
	public List<Assertion> assertions() {
		List<Assertion> assertions = new ArrayList<>();
		assertions.add(details(FINAL).successfulRequests().count().is(1L));
		return assertions;
	}

	/** @return a printable summary of the last audit, for {@code after()} */
	public String summary() {
		String body = this.lastAudit.get();
		if (body == null) {
			return "Audit of campaign " + this.campaign.id()
					+ ": no successful answer (see the audit requests' errors above)\n";
		}
		try {
			JsonNode audit = ServerApi.JSON.readTree(body);
			if (!audit.has("invariants")) {
				return "Audit of campaign " + this.campaign.id() + " failed, last answer: "
						+ ((body.length() > 300) ? body.substring(0, 300) + "..." : body) + "\n";
			}
			JsonNode redis = audit.path("redis");
			JsonNode postgres = audit.path("postgres");
			StringBuilder out = new StringBuilder();
			out.append(String.format("Audit of %s %d (stock %d, checked %s):%n", audit.path("kind").asText("campaign"),
					this.campaign.id(), audit.path("stock").asLong(), audit.path("checkedAt").asText()));
			out.append(String.format("  redis     sold %d, paid %d, stockLeft %d, heldUnits %d, orders %s%n",
					redis.path("sold").asLong(), redis.path("paid").asLong(), redis.path("stockLeft").asLong(),
					redis.path("heldUnits").asLong(), redis.path("orders")));
			out.append(String.format("  postgres  heldUnits %d, orders %s%n", postgres.path("heldUnits").asLong(),
					postgres.path("orders")));
			out.append(String.format("  outbox    %d entries, oldest %d ms%n", audit.path("outbox").path("entries").asLong(),
					audit.path("outbox").path("oldestAgeMs").asLong()));
			out.append(String.format("  invariants %s, agrees %s%s, differences %s%n", audit.path("invariants"),
					audit.path("agrees"), (this.agreedAfterMillis.get() >= 0)
							? " (after " + this.agreedAfterMillis.get() + " ms of polling)" : "",
					audit.path("differences")));
			long released = this.outcomes.reservedUnits() - this.outcomes.heldUnits();
			out.append(String.format("  client    %d units granted%s, %d units paid (%s)%n",
					this.outcomes.reservedUnits(),
					(released > 0) ? ", " + released + " given back, " + this.outcomes.heldUnits() + " held" : "",
					this.outcomes.paidUnits(), this.campaign.exclusive() ? "must equal Redis: only this run bought"
							: "existing campaign: only checked against the stock"));
			return out.toString();
		}
		catch (IOException ex) {
			return "Audit answer was not JSON: " + body + "\n";
		}
	}

}
