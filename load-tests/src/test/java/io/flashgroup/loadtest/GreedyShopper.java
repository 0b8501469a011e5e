package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The greedy client of {@link GreedyClient}: one shopper token on a few keep-alive
 * connections, firing purchases in a loop, a new Idempotency-Key each time. OK answers are 201 (counted like any shopper's,
 * so the audit's exact checks hold), 409 (its per-user limit reached) and 429 with
 * {@code Retry-After} (rate-limited); anything else fails the request. The verdict, a
 * one-user scenario after the flood, fails when too few purchases were refused with 429.
 * <p>
 * Request names in the report: {@code greedy purchase}, {@code rate limit verdict}.
 */
final class GreedyShopper {

	/** Report name of the greedy client's purchases. */
	static final String PURCHASE = "greedy purchase";

	/** Report name of the request carrying the verdict's check. */
	static final String VERDICT = "rate limit verdict";

	private final Campaign campaign;

	private final Outcomes outcomes;

	private final Supplier<Tokens.Shopper> shopper;

	private final AtomicLong sequence = new AtomicLong();

	private final LongAdder sent = new LongAdder();

	private final LongAdder refused = new LongAdder();

	GreedyShopper(Campaign campaign, Outcomes outcomes, Supplier<Tokens.Shopper> shopper) {
		this.campaign = campaign;
		this.outcomes = outcomes;
		this.shopper = shopper;
	}

	/**
	 * The flood: {@code connections} virtual users, each on its own keep-alive connection,
	 * firing purchases in a loop paced so that together they send {@code rate} a second
	 * (as far as the server answers in time: a user waits for each answer).
	 * @param rate purchases per second, all users together
	 * @param connections concurrent users (connections)
	 * @param duration how long
	 * @return the population
	 */
	PopulationBuilder flood(double rate, int connections, Duration duration) {
		String run = Long.toString(System.currentTimeMillis(), 36);
		Duration pace = Duration.ofNanos(Math.round(1e9 * connections / rate));
		return scenario("Greedy client").during(duration)
			.on(pace(pace).exec(http(PURCHASE).post((session) -> this.campaign.path() + "/purchases")
				.header("Authorization", (session) -> "Bearer " + this.shopper.get().token())
				.header("Idempotency-Key", (session) -> "greedy-" + run + "-" + this.sequence.incrementAndGet())
				.body(StringBody("{\"quantity\":1}"))
				.asJson()
				.check(status().in(201, 409, 429).saveAs("status"))
				.checkIf((response, session) -> response.status().code() == 201)
				.then(jsonPath("$.id").saveAs("orderId"), jsonPath("$.quantity").ofInt().saveAs("units"))
				.checkIf((response, session) -> response.status().code() == 429)
				.then(header("Retry-After").transform(Integer::parseInt).gte(1),
						jsonPath("$.type").is("https://flashgroup.io/problems/rate-limited"))
				.checkIf((response, session) -> response.status().code() == 409)
				.then(jsonPath("$.type").saveAs("problem"))).exec(this::record))
			.injectOpen(atOnceUsers(connections));
	}

	private Session record(Session session) {
		if (!session.contains("status")) {
			this.outcomes.count("greedy", "failed");
			return session;
		}
		this.sent.increment();
		switch (session.getInt("status")) {
			case 201 -> {
				this.outcomes.reserved(session.getString("orderId"), session.getInt("units"));
				this.outcomes.count("greedy", "reserved");
			}
			case 429 -> {
				this.refused.increment();
				this.outcomes.count("greedy", "rate-limited");
			}
			default -> {
				String type = session.getString("problem");
				this.outcomes.count("greedy", (type != null) ? type.substring(type.lastIndexOf('/') + 1) : "409");
			}
		}
		// The user loops: what this answer saved must not be read as the next one's.
		return session.remove("status").remove("orderId").remove("units").remove("problem");
	}

	/**
	 * @param minRefused the share of the greedy purchases that must have been 429
	 * @return the one-user verdict, to chain after the flood: a read of the campaign whose
	 * check is the share
	 */
	PopulationBuilder verdict(double minRefused) {
		return scenario("Rate limit verdict").exec(http(VERDICT).get((session) -> this.campaign.path())
			.check(status().is(200), status().transform((status) -> refusedShare()).gte(minRefused)))
			.injectOpen(atOnceUsers(1));
	}

	private double refusedShare() {
		long all = this.sent.sum();
		return (all == 0) ? 0 : (double) this.refused.sum() / all;
	}

	/** @return what the greedy client was told, for {@code after()} */
	String summary() {
		return String.format("Greedy client: %d purchases answered, %d refused with 429 (%.1f %%)%n", this.sent.sum(),
				this.refused.sum(), 100 * refusedShare());
	}

}
