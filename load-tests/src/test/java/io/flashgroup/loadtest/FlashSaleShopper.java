package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * One shopper in a flash-sale rush: waits for the start by the server's clock, presses
 * "buy" once, retries with the same Idempotency-Key when that failed and sometimes anyway
 * (as a phone on a flaky network would), and pays some of the orders it got. Rejections (409 sold-out,
 * limit-reached, not-started, ...) are the normal fate of most shoppers and count as OK;
 * anything else, a 5xx above all, fails the request. Every outcome is counted in
 * {@link Outcomes}.
 *
 * <p>
 * Request names in the report: {@code purchase}, {@code purchase retry (same key)},
 * {@code pay}.
 */
public final class FlashSaleShopper {

	/** Report name of the first purchase attempt. */
	public static final String PURCHASE = "purchase";

	/** Report name of the retry with the same key. */
	public static final String RETRY = "purchase retry (same key)";

	/** Report name of the payment. */
	public static final String PAY = "pay";

	private static final String BODY = "{\"quantity\":1}";

	private FlashSaleShopper() {
	}

	/**
	 * The journey; the session must hold {@code token} and {@code idempotencyKey} (see
	 * {@link Tokens#shopperFeeder()}).
	 * @param config pay and retry ratios
	 * @param campaign the sale
	 * @param api the server clock
	 * @param outcomes where outcomes are counted
	 * @return the chain
	 */
	public static ChainBuilder journey(Config config, Campaign campaign, ServerApi api, Outcomes outcomes) {
		double retryRatio = config.retryRatio();
		double payRatio = config.payRatio();
		return exec(pause((session) -> campaign.untilStart(api)))
			.exec(http(PURCHASE).post((session) -> campaign.path() + "/purchases")
				.header("Authorization", "Bearer #{token}")
				.header("Idempotency-Key", "#{idempotencyKey}")
				.body(StringBody(BODY))
				.asJson()
				.check(status().in(201, 409).saveAs("purchaseStatus"))
				.checkIf((response, session) -> response.status().code() == 201)
				.then(jsonPath("$.id").saveAs("orderId"), jsonPath("$.quantity").ofInt().saveAs("units"),
						jsonPath("$.status").is("RESERVED"), header("Location").saveAs("orderPath"),
						header("Idempotent-Replayed").saveAs("replayed"))
				.checkIf((response, session) -> response.status().code() == 409)
				.then(jsonPath("$.type").saveAs("problem")))
			.exec((session) -> record(session, "purchase", outcomes))
			// A phone retries with the same key when the answer got lost (a 5xx, a timeout): the
			// server may have reserved units anyway, and a replay tells the shopper so.
			.exec(doIf((session) -> !session.contains("purchaseStatus")).then(pause(Duration.ofSeconds(1))))
			.exec(doIf((session) -> !session.contains("purchaseStatus")
					|| ThreadLocalRandom.current().nextDouble() < retryRatio)
				.then(exec(http(RETRY).post((session) -> campaign.path() + "/purchases")
					.header("Authorization", "Bearer #{token}")
					.header("Idempotency-Key", "#{idempotencyKey}")
					.body(StringBody(BODY))
					.asJson()
					.check(status().in(201, 409))
					// A retry of an accepted purchase must replay the same order, never a new one.
					.checkIf((session) -> session.contains("orderId"))
					.then(status().is(201), header("Idempotent-Replayed").is("true"), jsonPath("$.id").isEL("#{orderId}"))
					.checkIf((response, session) -> response.status().code() == 201)
					.then(jsonPath("$.id").saveAs("retryOrderId"), jsonPath("$.quantity").ofInt().saveAs("retryUnits"),
							header("Idempotent-Replayed").saveAs("retryReplayed"))
					.checkIf((response, session) -> response.status().code() == 409)
					.then(jsonPath("$.type").saveAs("retryProblem")))
					.exec((session) -> recordRetry(session, outcomes))))
			.exec(doIf((session) -> session.contains("orderId") && ThreadLocalRandom.current().nextDouble() < payRatio)
				.then(pause(Duration.ofMillis(200), Duration.ofMillis(1500))
					.exec(http(PAY).post("#{orderPath}/payment")
						.header("Authorization", "Bearer #{token}")
						.check(status().in(200, 409))
						.checkIf((response, session) -> response.status().code() == 200)
						.then(jsonPath("$.status").is("PAID").saveAs("paid"))
						.checkIf((response, session) -> response.status().code() == 409)
						.then(jsonPath("$.type").saveAs("payProblem")))
					.exec((session) -> recordPay(session, outcomes))));
	}

	private static Session record(Session session, String step, Outcomes outcomes) {
		if (session.contains("orderId")) {
			outcomes.reserved(session.getString("orderId"), session.getInt("units"));
			outcomes.count(step, "true".equals(session.getString("replayed")) ? "replayed" : "reserved");
		}
		else {
			outcomes.count(step, problem(session, "problem"));
		}
		return session;
	}

	private static Session recordRetry(Session session, Outcomes outcomes) {
		if (session.contains("retryOrderId")) {
			String orderId = session.getString("retryOrderId");
			outcomes.reserved(orderId, session.getInt("retryUnits"));
			outcomes.count("retry", "true".equals(session.getString("retryReplayed")) ? "replayed" : "reserved");
			if (!session.contains("orderId")) {
				// The first attempt was turned down, the retry got units: it is the shopper's order now.
				return session.set("orderId", orderId).set("orderPath", "/api/orders/" + orderId);
			}
			return session;
		}
		outcomes.count("retry", problem(session, "retryProblem"));
		return session;
	}

	private static Session recordPay(Session session, Outcomes outcomes) {
		if (session.contains("paid")) {
			outcomes.paid(session.getString("orderId"));
			outcomes.count("pay", "paid");
		}
		else {
			outcomes.count("pay", problem(session, "payProblem"));
		}
		return session;
	}

	/** The last segment of a problem type, or {@code failed} when the request failed. */
	private static String problem(Session session, String key) {
		String type = session.getString(key);
		return (type != null) ? type.substring(type.lastIndexOf('/') + 1) : "failed";
	}

}
