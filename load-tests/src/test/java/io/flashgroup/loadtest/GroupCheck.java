package io.flashgroup.loadtest;

import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The groups of a group-buy rehearsal: every group the shoppers saw (in a seat answer or
 * in the list of open groups) and, client side, which seats they hold in each and which
 * of those they paid. After the load, {@link #population()} reads each of those groups
 * ({@code GET /api/groups/{id}}, request name {@code group check}) and fails the request,
 * hence the run, when a group breaks an invariant:
 * <ul>
 * <li>never over-filled: at most {@code size} members, and {@code seatsLeft} is
 * {@code size} minus the members holding a seat ({@code seat} HELD, PAID or SETTLED; a
 * closed group also lists the seats that expired, were refunded or left at its close);</li>
 * <li>no shopper twice in one group, and {@code paidMembers} counts the PAID and SETTLED
 * seats;</li>
 * <li>a group whose every seat is taken and paid is {@code SUCCEEDED}, and a
 * {@code SUCCEEDED} group (without virtual fill) is full and fully paid;</li>
 * <li>a group a payment answered {@code SETTLED} for is {@code SUCCEEDED};</li>
 * <li>on a campaign only this run touched: its members are exactly the seats the shoppers
 * hold in it (granted and not left), and its paid members exactly those they paid.</li>
 * </ul>
 */
public final class GroupCheck {

	/** Report name of the read of one group after the load. */
	public static final String CHECK = "group check";

	/** Users reading the groups in parallel. */
	private static final int READERS = 4;

	private final Campaign campaign;

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	/** Per group, the orders this run's shoppers hold in it. */
	private final Map<String, Set<String>> seats = new ConcurrentHashMap<>();

	/** Per group, the orders this run's shoppers paid in it. */
	private final Map<String, Set<String>> paidSeats = new ConcurrentHashMap<>();

	private final Set<String> settled = ConcurrentHashMap.newKeySet();

	private final Queue<String> toCheck = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean queued = new AtomicBoolean();

	private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

	private final LongAdder checked = new LongAdder();

	private final LongAdder full = new LongAdder();

	private final LongAdder fullyPaid = new LongAdder();

	private final LongAdder matched = new LongAdder();

	private final AtomicInteger largest = new AtomicInteger();

	private final Violations violations = new Violations("group", "groupId");

	/**
	 * The groups of one campaign.
	 * @param campaign the group buy
	 */
	public GroupCheck(Campaign campaign) {
		this.campaign = campaign;
	}

	/**
	 * Notes a group a shopper saw.
	 * @param groupId the group
	 */
	public void seen(String groupId) {
		this.seen.add(groupId);
	}

	/**
	 * Notes a seat the server granted (a replay names the same seat again).
	 * @param groupId its group
	 * @param orderId its order
	 */
	public void seated(String groupId, String orderId) {
		this.seen.add(groupId);
		this.seats.computeIfAbsent(groupId, (id) -> ConcurrentHashMap.newKeySet()).add(orderId);
	}

	/**
	 * Notes a seat given back before it was paid (left, or found expired).
	 * @param groupId its group
	 * @param orderId its order
	 */
	public void released(String groupId, String orderId) {
		Set<String> held = this.seats.get(groupId);
		if (held != null) {
			held.remove(orderId);
		}
	}

	/**
	 * Notes a seat the server confirmed as paid.
	 * @param groupId its group
	 * @param orderId its order
	 * @param settledGroup whether this payment completed the group
	 */
	public void paid(String groupId, String orderId, boolean settledGroup) {
		this.paidSeats.computeIfAbsent(groupId, (id) -> ConcurrentHashMap.newKeySet()).add(orderId);
		if (settledGroup) {
			this.settled.add(groupId);
		}
	}

	/** @return groups the shoppers saw */
	public int seenCount() {
		return this.seen.size();
	}

	/**
	 * The check of every group seen, by {@value #READERS} users in parallel; chain it after
	 * the load (it reads the final state).
	 * @return the population
	 */
	public PopulationBuilder population() {
		return scenario("Group check").exec((session) -> {
			if (this.queued.compareAndSet(false, true)) {
				this.toCheck.addAll(this.seen);
			}
			return session;
		})
			.exec(asLongAs((session) -> !this.toCheck.isEmpty())
				.on(exec((session) -> session.set("groupId", String.valueOf(this.toCheck.poll())))
					.exec(doIf((session) -> !"null".equals(session.getString("groupId")))
						.then(exec(http(CHECK).get("/api/groups/#{groupId}")
							.check(status().is(200), bodyString().saveAs("group"),
									this.violations.rule("at most size members, seatsLeft = size - members", this::overFilled),
									this.violations.rule("each shopper once, paidMembers = members marked paid", this::miscounted),
									this.violations.rule("fully paid <=> SUCCEEDED", this::unsettled),
									this.violations.rule("settled by a payment => SUCCEEDED", this::settledButNot))
							.checkIf((session) -> this.campaign.exclusive())
							.then(this.violations.rule("members = the seats the shoppers hold and paid", this::notOurs)))
							.exec(this::tally)))))
			.injectOpen(atOnceUsers(READERS));
	}

	private String overFilled(JsonNode group, String id) {
		int size = group.path("size").asInt();
		int members = group.path("members").size();
		if (members > size || group.path("seatsLeft").asInt() != size - holders(group)) {
			return members + " members for size " + size + ", seatsLeft " + group.path("seatsLeft").asInt();
		}
		return null;
	}

	private String miscounted(JsonNode group, String id) {
		Set<String> users = new HashSet<>();
		int paid = 0;
		for (JsonNode member : group.path("members")) {
			if (!users.add(member.path("userId").asText())) {
				return "a shopper is a member twice";
			}
			paid += paidSeat(member) ? 1 : 0;
		}
		if (paid != group.path("paidMembers").asInt()) {
			return "paidMembers " + group.path("paidMembers").asInt() + " but " + paid + " members marked paid";
		}
		return null;
	}

	private String unsettled(JsonNode group, String id) {
		boolean fullAndPaid = holders(group) == group.path("size").asInt()
				&& group.path("paidMembers").asInt() == group.path("size").asInt();
		boolean succeeded = "SUCCEEDED".equals(group.path("status").asText());
		if (fullAndPaid && !succeeded) {
			return "fully paid but " + group.path("status").asText();
		}
		if (succeeded && !fullAndPaid && !group.path("virtualFill").asBoolean()) {
			return "SUCCEEDED with " + holders(group) + " seats held, " + group.path("paidMembers").asInt()
					+ " paid, size " + group.path("size").asInt();
		}
		return null;
	}

	private String settledButNot(JsonNode group, String id) {
		if (this.settled.contains(id) && !"SUCCEEDED".equals(group.path("status").asText())) {
			return "a payment SETTLED it but it is " + group.path("status").asText();
		}
		return null;
	}

	private String notOurs(JsonNode group, String id) {
		int held = this.seats.getOrDefault(id, Set.of()).size();
		int paid = this.paidSeats.getOrDefault(id, Set.of()).size();
		if (holders(group) != held || group.path("paidMembers").asInt() != paid) {
			return holders(group) + " seats held, " + group.path("paidMembers").asInt()
					+ " paid, but the shoppers hold " + held + " seats, paid " + paid;
		}
		return null;
	}

	private Session tally(Session session) {
		String body = session.getString("group");
		if (body == null) {
			return session;
		}
		JsonNode group = Violations.parse(body);
		int size = group.path("size").asInt();
		int members = holders(group);
		this.checked.increment();
		this.statuses.computeIfAbsent(group.path("status").asText(), (key) -> new LongAdder()).increment();
		if (members == size) {
			this.full.increment();
			if (group.path("paidMembers").asInt() == size) {
				this.fullyPaid.increment();
			}
		}
		this.largest.accumulateAndGet(members, Math::max);
		if (this.campaign.exclusive() && members == this.seats.getOrDefault(group.path("id").asText(), Set.of()).size()) {
			this.matched.increment();
		}
		return session.remove("group");
	}

	/** A member's seat, as the server names it: HELD, PAID, SETTLED, EXPIRED, REFUNDED or CANCELLED. */
	private static String seat(JsonNode member) {
		return member.path("seat").asText(member.path("paid").asBoolean() ? "PAID" : "HELD");
	}

	private static boolean paidSeat(JsonNode member) {
		String seat = seat(member);
		return "PAID".equals(seat) || "SETTLED".equals(seat);
	}

	/** Whether a member still holds a seat: held, paid or settled. */
	static boolean holds(JsonNode member) {
		return "HELD".equals(seat(member)) || paidSeat(member);
	}

	/** Members still holding their seat. */
	static int holders(JsonNode group) {
		int holders = 0;
		for (JsonNode member : group.path("members")) {
			holders += holds(member) ? 1 : 0;
		}
		return holders;
	}

	/** @return a printable summary, for {@code after()} */
	public String summary() {
		Map<String, Long> byStatus = new TreeMap<>();
		this.statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
		long held = this.seats.values().stream().mapToLong(Set::size).sum();
		StringBuilder out = new StringBuilder("Groups (read back after the load):\n");
		out.append(String.format("  %d seen, %d checked, by status %s%n", this.seen.size(), this.checked.sum(),
				byStatus));
		out.append(String.format("  %d full (largest %d members), %d fully paid, %d settled by a payment a shopper saw%n",
				this.full.sum(), this.largest.get(), this.fullyPaid.sum(), this.settled.size()));
		if (this.campaign.exclusive()) {
			out.append(String.format("  members match the shoppers' %d held seats in %d of %d groups%n", held,
					this.matched.sum(), this.checked.sum()));
		}
		this.violations.appendTo(out);
		return out.toString();
	}

}
