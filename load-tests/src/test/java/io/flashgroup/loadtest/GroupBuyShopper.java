package io.flashgroup.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * One shopper in a group-buy rush: waits for the start by the server's clock, then takes
 * a seat one of three ways: auto-join (the fullest open group, or a new one), open a group
 * of their own ({@code -DopenRatio}), or pick a group from the list of open ones, fullest
 * first, and join it by id ({@code -DjoinRatio}; with no open group left with a free
 * seat, they auto-join instead). Like a phone on a flaky network, they sometimes send the
 * seat request again with the same Idempotency-Key ({@code -DretryRatio}, and always
 * after a failed request), which must replay the same order. Holding a seat, after a
 * short pause they leave the group ({@code -DleaveRatio}), pay ({@code -DpayRatio}) or
 * just keep it unpaid.
 *
 * <p>
 * OK answers: 201, and the 409s a shopper can meet in a rush ({@code group-full},
 * {@code group-closed}, {@code already-member}, {@code sold-out}, {@code limit-reached},
 * {@code not-started}, {@code ended}, {@code cancelled}); any other answer, a 5xx above
 * all, fails the request. Every seat answer is checked on the spot (its group never has
 * more members than its size, the shopper is among them, the order is in that group).
 * Outcomes are counted in {@link Outcomes}, seats and groups in {@link GroupCheck}.
 *
 * <p>
 * Request names in the report: {@code list open groups}, {@code auto-join},
 * {@code open group}, {@code join group}, {@code seat retry (same key)}, {@code leave},
 * {@code pay}.
 */
public final class GroupBuyShopper {

	/** Report name of reading the open groups before joining one. */
	public static final String LIST = "list open groups";

	/** Report name of auto-joining. */
	public static final String AUTO_JOIN = "auto-join";

	/** Report name of opening a group. */
	public static final String OPEN_GROUP = "open group";

	/** Report name of joining a named group. */
	public static final String JOIN_GROUP = "join group";

	/** Report name of the seat request sent again with the same key. */
	public static final String RETRY = "seat retry (same key)";

	/** Report name of leaving a group before paying. */
	public static final String LEAVE = "leave";

	/** Report name of paying a seat. */
	public static final String PAY = "pay";

	/** Refusals a shopper can meet in a rush: the 409 problem types that are not errors. */
	static final List<String> SEAT_REFUSALS = List.of("group-full", "group-closed", "already-member", "sold-out",
			"limit-reached", "not-started", "ended", "cancelled");

	private static final List<String> LEAVE_REFUSALS = List.of("already-paid", "group-closed");

	private static final List<String> PAY_REFUSALS = List.of("order-expired", "order-not-payable");

	/** A shopper picking a group by hand taps one of the few fullest ones at the top. */
	private static final int PICK_AMONG = 3;

	private GroupBuyShopper() {
	}

	/**
	 * The journey; the session must hold {@code userId}, {@code token} and
	 * {@code idempotencyKey} (see {@link Tokens#shopperFeeder()}).
	 * @param config ratios
	 * @param campaign the group buy
	 * @param api the server clock
	 * @param outcomes where outcomes are counted
	 * @param groups where seats and groups are noted, for the checks after the load
	 * @return the chain
	 */
	public static ChainBuilder journey(Config config, Campaign campaign, ServerApi api, Outcomes outcomes,
			GroupCheck groups) {
		double openRatio = config.ratio("openRatio");
		double joinRatio = config.ratio("joinRatio");
		double leaveRatio = config.ratio("leaveRatio");
		double payRatio = config.payRatio();
		double retryRatio = config.retryRatio();
		if (openRatio + joinRatio > 1) {
			throw new IllegalArgumentException("-DopenRatio plus -DjoinRatio must be at most 1 (the rest auto-join)");
		}
		return exec(pause((session) -> campaign.untilStart(api))).exec((session) -> {
			double choice = ThreadLocalRandom.current().nextDouble();
			if (choice < openRatio) {
				return seatVia(session, OPEN_GROUP, campaign.path() + "/groups");
			}
			return (choice < openRatio + joinRatio) ? session.set("pick", true)
					: seatVia(session, AUTO_JOIN, campaign.path() + "/join");
		})
			.exec(doIf((session) -> session.contains("pick"))
				.then(exec(http(LIST).get((session) -> campaign.path() + "/groups?status=OPEN")
					.check(status().is(200), bodyString().saveAs("openGroups")))
					.exec((session) -> pick(session, campaign, groups, outcomes))))
			.exec(doIf((session) -> session.contains("seatPath")).then(exec(seat(outcomes, groups))))
			// A phone retries with the same key when the answer got lost (a 5xx, a timeout):
			// the server may have seated the shopper anyway, and a replay tells them so.
			.exec(doIf((session) -> session.contains("seatPath") && !session.contains("seatStatus"))
				.then(pause(Duration.ofSeconds(1))))
			.exec(doIf((session) -> session.contains("seatPath") && (!session.contains("seatStatus")
					|| ThreadLocalRandom.current().nextDouble() < retryRatio))
				.then(exec(retry(outcomes, groups))))
			.exec(doIf((session) -> session.contains("orderId"))
				.then(pause(Duration.ofMillis(200), Duration.ofMillis(1500)).exec((session) -> {
					double choice = ThreadLocalRandom.current().nextDouble();
					String next = (choice < leaveRatio) ? "leave" : (choice < leaveRatio + payRatio) ? "pay" : "hold";
					if ("hold".equals(next)) {
						outcomes.count("seat", "kept unpaid");
					}
					return session.set("next", next);
				})
					.exec(doIf((session) -> "leave".equals(session.getString("next")))
						.then(exec(leave()).exec((session) -> recordLeave(session, outcomes, groups))))
					.exec(doIf((session) -> "pay".equals(session.getString("next")))
						.then(exec(pay()).exec((session) -> recordPay(session, outcomes, groups))))));
	}

	private static Session seatVia(Session session, String name, String path) {
		return session.set("seatName", name).set("seatPath", path);
	}

	/** Picks one of the fullest open groups that still has a seat, or falls back to auto-join. */
	private static Session pick(Session session, Campaign campaign, GroupCheck groups, Outcomes outcomes) {
		String body = session.getString("openGroups");
		Session picked = session.remove("openGroups");
		if (body == null) {
			outcomes.count("list", "failed");
			return picked;
		}
		List<String> withSeats = new ArrayList<>();
		for (JsonNode group : parse(body)) {
			String id = group.path("id").asText();
			groups.seen(id);
			if (group.path("seatsLeft").asInt() > 0) {
				withSeats.add(id);
			}
		}
		if (withSeats.isEmpty()) {
			outcomes.count("list", "no seat left: auto-join");
			return seatVia(picked, AUTO_JOIN, campaign.path() + "/join");
		}
		String groupId = withSeats.get(ThreadLocalRandom.current().nextInt(Math.min(PICK_AMONG, withSeats.size())));
		return seatVia(picked, JOIN_GROUP, "/api/groups/" + groupId + "/members");
	}

	/** The first seat request: 201 or an expected 409, and a consistent answer. */
	private static ChainBuilder seat(Outcomes outcomes, GroupCheck groups) {
		return exec(http("#{seatName}").post("#{seatPath}")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{idempotencyKey}")
			.check(status().in(201, 409).saveAs("seatStatus"))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.order.id").saveAs("orderId"), jsonPath("$.order.quantity").ofInt().saveAs("units"),
					jsonPath("$.order.status").is("RESERVED"), jsonPath("$.group.id").saveAs("groupId"),
					jsonPath("$.replayed").ofBoolean().is(false), header("Location").saveAs("orderPath"),
					header("Idempotent-Replayed").is("false"), consistentSeat())
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(SEAT_REFUSALS).saveAs("problem")))
			.exec((session) -> {
				String step = stepOf(session.getString("seatName"));
				if (session.contains("orderId")) {
					outcomes.reserved(session.getString("orderId"), session.getInt("units"));
					groups.seated(session.getString("groupId"), session.getString("orderId"));
					outcomes.count(step, "seated");
				}
				else {
					outcomes.count(step, refusal(session, "problem"));
				}
				return session;
			});
	}

	/** The same seat request, same key: a seat granted before must come back, the same one. */
	private static ChainBuilder retry(Outcomes outcomes, GroupCheck groups) {
		return exec(http(RETRY).post("#{seatPath}")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{idempotencyKey}")
			.check(status().in(201, 409))
			.checkIf((session) -> session.contains("orderId"))
			.then(status().is(201), header("Idempotent-Replayed").is("true"),
					jsonPath("$.replayed").ofBoolean().is(true), jsonPath("$.order.id").isEL("#{orderId}"),
					jsonPath("$.group.id").isEL("#{groupId}"))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.order.id").saveAs("retryOrderId"), jsonPath("$.order.quantity").ofInt().saveAs("retryUnits"),
					jsonPath("$.group.id").saveAs("retryGroupId"), header("Idempotent-Replayed").saveAs("retryReplayed"),
					consistentSeat())
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(SEAT_REFUSALS).saveAs("retryProblem")))
			.exec((session) -> {
				if (!session.contains("retryOrderId")) {
					outcomes.count("retry", refusal(session, "retryProblem"));
					return session;
				}
				String orderId = session.getString("retryOrderId");
				String groupId = session.getString("retryGroupId");
				outcomes.reserved(orderId, session.getInt("retryUnits"));
				groups.seated(groupId, orderId);
				outcomes.count("retry", "true".equals(session.getString("retryReplayed")) ? "replayed" : "seated");
				if (!session.contains("orderId")) {
					// The first attempt was turned down or lost, the retry got a seat: it is the shopper's now.
					return session.set("orderId", orderId).set("groupId", groupId).set("orderPath", "/api/orders/" + orderId);
				}
				return session;
			});
	}

	private static ChainBuilder leave() {
		return exec(http(LEAVE).delete("/api/groups/#{groupId}/members/me")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 409))
			.checkIf((response, session) -> response.status().code() == 200)
			.then(jsonPath("$.order.id").isEL("#{orderId}"), jsonPath("$.order.status").is("CANCELLED").saveAs("left"),
					bodyString().validate("the group no longer holds a seat for the shopper", (body, session) -> {
						// The last seat holder to leave stays listed (seat CANCELLED) in the
						// group that closed with them; anyone else is gone from the list.
						JsonNode group = parse(body).path("group");
						if (holdsSeat(group, session.getString("userId"))) {
							throw new IllegalStateException("group " + group.path("id").asText() + " still holds a seat for "
									+ session.getString("userId") + " after they left");
						}
						return body;
					}))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(LEAVE_REFUSALS).saveAs("leaveProblem")));
	}

	private static ChainBuilder pay() {
		return exec(http(PAY).post("#{orderPath}/payment")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 409))
			.checkIf((response, session) -> response.status().code() == 200)
			.then(jsonPath("$.id").isEL("#{orderId}"), jsonPath("$.status").in("PAID", "SETTLED").saveAs("paid"))
			.checkIf((response, session) -> response.status().code() == 409)
			.then(problem(PAY_REFUSALS).saveAs("payProblem")));
	}

	private static Session recordLeave(Session session, Outcomes outcomes, GroupCheck groups) {
		if (session.contains("left")) {
			outcomes.released(session.getString("orderId"));
			groups.released(session.getString("groupId"), session.getString("orderId"));
			outcomes.count("leave", "left");
		}
		else {
			outcomes.count("leave", refusal(session, "leaveProblem"));
		}
		return session;
	}

	private static Session recordPay(Session session, Outcomes outcomes, GroupCheck groups) {
		String orderId = session.getString("orderId");
		if (session.contains("paid")) {
			boolean settled = "SETTLED".equals(session.getString("paid"));
			outcomes.paid(orderId);
			groups.paid(session.getString("groupId"), orderId, settled);
			outcomes.count("pay", settled ? "settled the group" : "paid");
			return session;
		}
		String problem = refusal(session, "payProblem");
		if ("order-expired".equals(problem)) {
			outcomes.released(orderId);
			groups.released(session.getString("groupId"), orderId);
		}
		outcomes.count("pay", problem);
		return session;
	}

	/**
	 * A seat answer must hold together: the shopper is a member of the group named, the
	 * order belongs to that group, the Location names the order, and the group has no
	 * more members than its size (seatsLeft agreeing).
	 */
	private static CheckBuilder.Final consistentSeat() {
		return bodyString().validate("consistent seat: member of a group not over-filled", (body, session) -> {
			JsonNode seat = parse(body);
			JsonNode group = seat.path("group");
			JsonNode order = seat.path("order");
			int size = group.path("size").asInt();
			int members = group.path("members").size();
			String groupId = group.path("id").asText();
			if (members > size || group.path("seatsLeft").asInt() != size - GroupCheck.holders(group)) {
				throw new IllegalStateException("group " + groupId + " answered with " + members + " members, size "
						+ size + ", seatsLeft " + group.path("seatsLeft").asInt());
			}
			if (!groupId.equals(order.path("groupId").asText())) {
				throw new IllegalStateException("order " + order.path("id").asText() + " is in group "
						+ order.path("groupId").asText() + ", the answer shows group " + groupId);
			}
			if (!isMember(group, session.getString("userId"))) {
				throw new IllegalStateException("group " + groupId + " does not list " + session.getString("userId"));
			}
			return body;
		});
	}

	private static boolean holdsSeat(JsonNode group, String userId) {
		for (JsonNode member : group.path("members")) {
			if (member.path("userId").asText().equals(userId) && GroupCheck.holds(member)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isMember(JsonNode group, String userId) {
		for (JsonNode member : group.path("members")) {
			if (member.path("userId").asText().equals(userId)) {
				return true;
			}
		}
		return false;
	}

	/** The last segment of a 409's problem type, which must be one of {@code expected}. */
	private static CheckBuilder.Final problem(List<String> expected) {
		return jsonPath("$.type").transform((type) -> type.substring(type.lastIndexOf('/') + 1)).in(expected);
	}

	private static String stepOf(String requestName) {
		return switch (requestName) {
			case OPEN_GROUP -> "open";
			case JOIN_GROUP -> "join";
			default -> "auto-join";
		};
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
