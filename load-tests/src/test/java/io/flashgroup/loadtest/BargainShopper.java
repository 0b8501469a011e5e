package io.flashgroup.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The two sides of a bargain storm. An <em>owner</em> waits for the start by the server's
 * clock, starts a session (sometimes pressing "start" twice, which must answer
 * {@code session-exists} naming the same session), then either buys at the current price
 * after a short pause ({@code -DbuyNowRatio}), or reads the session every second until it
 * is {@code COMPLETED} and buys at the floor ({@code -DfloorRatio}, giving up after
 * {@code -DfloorWait} seconds), or walks away. Some buys are sent twice
 * ({@code -DretryRatio}, and always after a failed one), which must replay the same order;
 * {@code -DpayRatio} of the orders are paid. A <em>helper</em> cuts one of the few oldest
 * open sessions ({@link BargainCheck#pickHot()}), so that helpers crowd onto the same
 * session and race for its last cuts.
 *
 * <p>
 * OK answers: 201 (200 for reads and payments), and the 409s these shoppers can meet
 * ({@code session-exists}, {@code limit-reached}, {@code sold-out}, {@code ended},
 * {@code not-started}, {@code cancelled} when starting; {@code self-help},
 * {@code already-helped}, {@code help-limit-reached}, {@code session-closed},
 * {@code sold-out} (nothing left to buy, so no cut is spent) when cutting; {@code sold-out}, {@code limit-reached}, {@code session-closed} when buying);
 * anything else, a 404 or a 5xx above all, fails the request. Every 201 is checked on the
 * spot (a cut within its bounds and agreeing with the session it returns; a purchase
 * {@code RESERVED} at the session's current price, at the floor for an owner who waited
 * for it).
 *
 * <p>
 * Request names in the report: {@code start session}, {@code start again}, {@code cut},
 * {@code read session}, {@code buy}, {@code buy again (replay)}, {@code pay}.
 */
public final class BargainShopper {

	/** Report name of starting a session. */
	public static final String START = "start session";

	/** Report name of pressing "start" again with a session open. */
	public static final String START_AGAIN = "start again";

	/** Report name of a helper's cut. */
	public static final String CUT = "cut";

	/** Report name of an owner reading their session while waiting for the floor. */
	public static final String READ = "read session";

	/** Report name of buying a session. */
	public static final String BUY = "buy";

	/** Report name of the same purchase sent again. */
	public static final String BUY_AGAIN = "buy again (replay)";

	/** Report name of paying the order. */
	public static final String PAY = "pay";

	static final List<String> START_REFUSALS = List.of("session-exists", "limit-reached", "sold-out", "ended",
			"not-started", "cancelled");

	static final List<String> CUT_REFUSALS = List.of("self-help", "already-helped", "help-limit-reached",
			"session-closed", "sold-out");

	static final List<String> BUY_REFUSALS = List.of("sold-out", "limit-reached", "session-closed");

	private static final List<String> PAY_REFUSALS = List.of("order-expired", "order-not-payable");

	private BargainShopper() {
	}

	/**
	 * The owner's journey; the session must hold {@code userId} and {@code token} (see
	 * {@link Tokens#shopperFeeder()}).
	 * @param config ratios and waits
	 * @param campaign the bargain
	 * @param api the server clock
	 * @param outcomes where outcomes and orders are counted
	 * @param sessions where sessions and purchases are noted
	 * @return the chain
	 */
	public static ChainBuilder owner(Config config, Campaign campaign, ServerApi api, Outcomes outcomes,
			BargainCheck sessions) {
		double buyNowRatio = config.ratio("buyNowRatio");
		double floorRatio = config.ratio("floorRatio");
		double restartRatio = config.ratio("restartRatio");
		double retryRatio = config.retryRatio();
		double payRatio = config.payRatio();
		Duration floorWait = config.seconds("floorWait");
		if (buyNowRatio + floorRatio > 1) {
			throw new IllegalArgumentException("-DbuyNowRatio plus -DfloorRatio must be at most 1 (the rest walk away)");
		}
		return exec(pause((session) -> campaign.untilStart(api))).exec(start(campaign))
			.exec((session) -> recordStart(session, outcomes, sessions))
			.exec(doIf((session) -> session.contains("sid")
					&& ThreadLocalRandom.current().nextDouble() < restartRatio)
				.then(exec(startAgain(campaign)).exec((session) -> {
					outcomes.count("start again", refusal(session, "againProblem"));
					return session;
				})))
			.exec(doIf((session) -> session.contains("sid")).then(exec((session) -> {
				double choice = ThreadLocalRandom.current().nextDouble();
				String plan = (choice < buyNowRatio) ? "now" : (choice < buyNowRatio + floorRatio) ? "floor" : "away";
				if ("away".equals(plan)) {
					outcomes.count("owner", "walked away");
				}
				return session.set("plan", plan).set("sessionStatus", "OPEN");
			})))
			.exec(doIf((session) -> "now".equals(session.getString("plan")))
				.then(pause(Duration.ofMillis(300), Duration.ofMillis(3000)).exec((session) -> session.set("buy", true))))
			.exec(doIf((session) -> "floor".equals(session.getString("plan")))
				.then(exec(asLongAsDuring((session) -> "OPEN".equals(session.getString("sessionStatus")), floorWait)
					.on(pause(Duration.ofSeconds(1)).exec(read(campaign))))
					.exec((session) -> {
						String status = session.getString("sessionStatus");
						if ("COMPLETED".equals(status)) {
							return session.set("buy", true).set("atFloor", true);
						}
						outcomes.count("floor wait", "OPEN".equals(status) ? "not reached: walked away" : status);
						return session;
					})))
			.exec(doIf((session) -> session.contains("buy"))
				.then(exec(buy(campaign)).exec((session) -> recordBuy(session, outcomes, sessions))
					.exec(doIf((session) -> !session.contains("buyStatus")).then(pause(Duration.ofSeconds(1))))
					.exec(doIf((session) -> !session.contains("buyStatus")
							|| ThreadLocalRandom.current().nextDouble() < retryRatio)
						.then(exec(buyAgain()).exec((session) -> recordBuyAgain(session, outcomes, sessions))))))
			.exec(doIf((session) -> session.contains("orderId")
					&& ThreadLocalRandom.current().nextDouble() < payRatio)
				.then(pause(Duration.ofMillis(200), Duration.ofMillis(1500)).exec(pay())
					.exec((session) -> recordPay(session, outcomes))));
	}

	/**
	 * The helper's journey: one cut of a hot session; the session must hold {@code userId}
	 * and {@code token}.
	 * @param campaign the bargain
	 * @param api the server clock
	 * @param outcomes where outcomes are counted
	 * @param sessions the hot sessions, and where cuts are noted
	 * @return the chain
	 */
	public static ChainBuilder helper(Campaign campaign, ServerApi api, Outcomes outcomes, BargainCheck sessions) {
		return exec(pause((session) -> campaign.untilStart(api))).exec((session) -> {
			String sid = sessions.pickHot();
			if (sid == null) {
				outcomes.count("cut", "no open session");
				return session;
			}
			return session.set("sid", sid);
		})
			.exec(doIf((session) -> session.contains("sid"))
				.then(exec(http(CUT).post("/api/bargain-sessions/#{sid}/cuts")
					.header("Authorization", "Bearer #{token}")
					.check(status().in(201, 409).saveAs("cutStatus"))
					.checkIf((response, session) -> response.status().code() == 201)
					.then(jsonPath("$.cutsLeft").ofInt().saveAs("cutsLeft"), consistentCut(campaign))
					.checkIf((response, session) -> response.status().code() == 409)
					.then(problem(CUT_REFUSALS).saveAs("problem")))
					.exec((session) -> recordCut(session, outcomes, sessions))));
	}

	private static ChainBuilder start(Campaign campaign) {
		return exec(http(START).post((session) -> campaign.path() + "/sessions")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(201, 409))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.id").saveAs("sid"), jsonPath("$.status").is("OPEN"),
					jsonPath("$.ownerId").isEL("#{userId}"),
					jsonPath("$.currentPrice").ofLong().is((session) -> campaign.listPrice()),
					jsonPath("$.cutsMade").ofInt().is(0),
					jsonPath("$.cutsLeft").ofInt().is((session) -> campaign.helpersNeeded()),
					jsonPath("$.campaignId").ofLong().is((session) -> campaign.id()))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(START_REFUSALS).saveAs("problem"), jsonPath("$.sessionId").optional().saveAs("existing")));
	}

	private static ChainBuilder startAgain(Campaign campaign) {
		// The session was just started: the server must name it, whatever helpers did meanwhile.
		return exec(http(START_AGAIN).post((session) -> campaign.path() + "/sessions")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(409), problem(List.of("session-exists")).saveAs("againProblem"),
					jsonPath("$.sessionId").isEL("#{sid}")));
	}

	private static ChainBuilder read(Campaign campaign) {
		return exec(http(READ).get("/api/bargain-sessions/#{sid}")
			.check(status().is(200), jsonPath("$.id").isEL("#{sid}"), jsonPath("$.status").saveAs("sessionStatus"),
					jsonPath("$.currentPrice").ofLong().gte((session) -> campaign.floorPrice())));
	}

	private static ChainBuilder buy(Campaign campaign) {
		return exec(http(BUY).post("/api/bargain-sessions/#{sid}/purchase")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(201, 409).saveAs("buyStatus"))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.order.id").saveAs("orderId"), jsonPath("$.order.unitPrice").ofLong().saveAs("unitPrice"),
					jsonPath("$.order.status").is("RESERVED"), jsonPath("$.order.quantity").ofInt().is(1),
					jsonPath("$.session.id").isEL("#{sid}"), jsonPath("$.session.status").is("PURCHASED"),
					jsonPath("$.replayed").ofBoolean().is(false), header("Idempotent-Replayed").is("false"),
					consistentPurchase(campaign))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(BUY_REFUSALS).saveAs("buyProblem")));
	}

	private static ChainBuilder buyAgain() {
		return exec(http(BUY_AGAIN).post("/api/bargain-sessions/#{sid}/purchase")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(201, 409))
			.checkIf((session) -> session.contains("orderId"))
			.then(status().is(201), header("Idempotent-Replayed").is("true"),
					jsonPath("$.replayed").ofBoolean().is(true), jsonPath("$.order.id").isEL("#{orderId}"))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.order.id").saveAs("againOrderId"),
					jsonPath("$.order.unitPrice").ofLong().saveAs("againUnitPrice"),
					header("Idempotent-Replayed").saveAs("againReplayed"))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(BUY_REFUSALS).saveAs("againBuyProblem")));
	}

	private static ChainBuilder pay() {
		return exec(http(PAY).post("/api/orders/#{orderId}/payment")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 409))
			.checkIf((response, session) -> response.status().code() == 200)
			.then(jsonPath("$.id").isEL("#{orderId}"), jsonPath("$.status").is("PAID").saveAs("paid"))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(PAY_REFUSALS).saveAs("payProblem")));
	}

	private static Session recordStart(Session session, Outcomes outcomes, BargainCheck sessions) {
		if (session.contains("sid")) {
			sessions.started(session.getString("sid"));
			outcomes.count("start", "started");
			return session;
		}
		if (session.contains("existing")) {
			// Another arrival of the same shopper holds it: seen, checked after, not bought here.
			sessions.started(session.getString("existing"));
		}
		outcomes.count("start", refusal(session, "problem"));
		return session;
	}

	private static Session recordCut(Session session, Outcomes outcomes, BargainCheck sessions) {
		String sid = session.getString("sid");
		if (session.contains("cutStatus") && session.getInt("cutStatus") == 201) {
			// Counted on the status alone: the 201s must add up to cutsMade even if a check failed.
			int left = session.contains("cutsLeft") ? session.getInt("cutsLeft") : -1;
			sessions.cut(sid, left);
			outcomes.count("cut", (left == 0) ? "cut (the last: at the floor)" : "cut");
			return session;
		}
		String problem = refusal(session, "problem");
		if ("session-closed".equals(problem)) {
			sessions.closed(sid);
		}
		outcomes.count("cut", problem);
		return session;
	}

	private static Session recordBuy(Session session, Outcomes outcomes, BargainCheck sessions) {
		if (session.contains("orderId")) {
			String orderId = session.getString("orderId");
			outcomes.reserved(orderId, 1);
			sessions.purchased(session.getString("sid"), session.getLong("unitPrice"));
			outcomes.count("buy", session.contains("atFloor") ? "bought at the floor" : "bought before the floor");
			return session;
		}
		String problem = refusal(session, "buyProblem");
		if ("session-closed".equals(problem) || "sold-out".equals(problem)) {
			sessions.closed(session.getString("sid"));
		}
		outcomes.count("buy", problem);
		return session;
	}

	private static Session recordBuyAgain(Session session, Outcomes outcomes, BargainCheck sessions) {
		if (!session.contains("againOrderId")) {
			outcomes.count("buy again", refusal(session, "againBuyProblem"));
			return session;
		}
		String orderId = session.getString("againOrderId");
		outcomes.reserved(orderId, 1);
		sessions.purchased(session.getString("sid"), session.getLong("againUnitPrice"));
		outcomes.count("buy again", "true".equals(session.getString("againReplayed")) ? "replayed" : "bought");
		return session.contains("orderId") ? session : session.set("orderId", orderId);
	}

	private static Session recordPay(Session session, Outcomes outcomes) {
		String orderId = session.getString("orderId");
		if (session.contains("paid")) {
			outcomes.paid(orderId);
			outcomes.count("pay", "paid");
			return session;
		}
		String problem = refusal(session, "payProblem");
		if ("order-expired".equals(problem)) {
			outcomes.released(orderId);
		}
		outcomes.count("pay", problem);
		return session;
	}

	/**
	 * A cut's answer must hold together: the amount within 1 and twice the average
	 * (rounded up), the price and cuts left as in the session returned, the session at or
	 * above the floor, its last cut this one, and a session with no cut left at the floor.
	 */
	private static CheckBuilder.Final consistentCut(Campaign campaign) {
		return bodyString().validate("consistent cut: within bounds, agreeing with its session", (body, session) -> {
			JsonNode cut = parse(body);
			JsonNode state = cut.path("session");
			long amount = cut.path("amount").asLong();
			long cap = Math.ceilDiv(2 * (campaign.listPrice() - campaign.floorPrice()), (long) campaign.helpersNeeded());
			if (amount < 1 || amount > cap) {
				throw new IllegalStateException("a cut of " + amount + " outside 1.." + cap);
			}
			if (cut.path("currentPrice").asLong() != state.path("currentPrice").asLong()
					|| cut.path("cutsLeft").asInt() != state.path("cutsLeft").asInt()) {
				throw new IllegalStateException("the cut answer and its session disagree on price or cuts left");
			}
			long current = state.path("currentPrice").asLong();
			if (current < campaign.floorPrice()) {
				throw new IllegalStateException("a cut took the price to " + current + ", below the floor");
			}
			if (state.path("cutsLeft").asInt() == 0 && current != campaign.floorPrice()) {
				throw new IllegalStateException("no cut left but the price is " + current + ", not the floor");
			}
			JsonNode cuts = state.path("cuts");
			if (cuts.isEmpty() || cuts.get(cuts.size() - 1).path("amount").asLong() != amount
					|| cuts.get(cuts.size() - 1).path("priceAfter").asLong() != current) {
				throw new IllegalStateException("the session's last cut is not this one");
			}
			return body;
		});
	}

	/**
	 * A purchase's answer must hold together: the order at the session's current price,
	 * never below the floor, and exactly the floor for an owner who waited for it.
	 */
	private static CheckBuilder.Final consistentPurchase(Campaign campaign) {
		return bodyString().validate("consistent purchase: at the session's price", (body, session) -> {
			JsonNode purchase = parse(body);
			long unitPrice = purchase.path("order").path("unitPrice").asLong();
			long current = purchase.path("session").path("currentPrice").asLong();
			if (unitPrice != current) {
				throw new IllegalStateException("sold at " + unitPrice + " but the session's price is " + current);
			}
			if (unitPrice < campaign.floorPrice()) {
				throw new IllegalStateException("sold at " + unitPrice + ", below the floor");
			}
			if (session.contains("atFloor") && unitPrice != campaign.floorPrice()) {
				throw new IllegalStateException("the owner waited for COMPLETED but was sold at " + unitPrice);
			}
			return body;
		});
	}

	/** The last segment of a 409's problem type, which must be one of {@code expected}. */
	private static CheckBuilder.Final problem(List<String> expected) {
		return jsonPath("$.type").transform((type) -> type.substring(type.lastIndexOf('/') + 1)).in(expected);
	}

	/** The saved refusal, or {@code failed} when the request failed. */
	private static String refusal(Session session, String key) {
		String type = session.getString(key);
		return (type != null) ? type : "failed";
	}

	private static JsonNode parse(String body) {
		try {
			return ServerApi.JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON: " + body, ex);
		}
	}

}
