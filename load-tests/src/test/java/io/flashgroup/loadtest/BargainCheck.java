package io.flashgroup.loadtest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
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
 * The sessions of a bargain rehearsal: every session the shoppers saw, the few "hot" open
 * ones the helpers crowd onto, and, client side, how many cuts the helpers were told
 * succeeded (201) in each and what each purchase was told. After the load,
 * {@link #population()} reads each session back ({@code GET /api/bargain-sessions/{id}},
 * request name {@code session check}) and fails the request, hence the run, when it
 * breaks an invariant:
 * <ul>
 * <li>the cuts sum to {@code listPrice - currentPrice}, each {@code priceAfter} follows
 * from the one before, and {@code currentPrice >= floorPrice};</li>
 * <li>{@code cutsMade + cutsLeft = helpersNeeded}, and {@code cutsMade} is the number of
 * cuts listed;</li>
 * <li>{@code cutsLeft == 0} means exactly at the floor, a {@code COMPLETED} session has no
 * cut left, and with cuts left the price is at least one unit a cut above the floor;</li>
 * <li>no helper twice in one session;</li>
 * <li>every cut is at least 1 and at most {@code ceil(2 (list - floor) / helpersNeeded)};</li>
 * <li>on a campaign only this run touched: the cuts the helpers were told succeeded (201)
 * are exactly {@code cutsMade}, and a session is {@code PURCHASED} exactly when its owner
 * was sold it, at the price they were told.</li>
 * </ul>
 */
public final class BargainCheck {

	/** Report name of the read of one session after the load. */
	public static final String CHECK = "session check";

	/** Users reading the sessions in parallel. */
	private static final int READERS = 4;

	private final Campaign campaign;

	private final int hot;

	/** Sessions seen. */
	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	/** Sessions that may still take cuts, oldest first: the helpers' pool. */
	private final ConcurrentLinkedDeque<String> open = new ConcurrentLinkedDeque<>();

	private final Set<String> closed = ConcurrentHashMap.newKeySet();

	/** Per session, the cuts helpers were told succeeded (201). */
	private final Map<String, AtomicInteger> cutsTold = new ConcurrentHashMap<>();

	/** Per session, the unit price its owner was sold it at. */
	private final Map<String, Long> purchased = new ConcurrentHashMap<>();

	private final Queue<String> toCheck = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean queued = new AtomicBoolean();

	private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

	private final LongAdder checked = new LongAdder();

	private final LongAdder cutsRead = new LongAdder();

	private final LongAdder atFloor = new LongAdder();

	private final LongAdder matched = new LongAdder();

	private final Violations violations = new Violations("session", "sessionId");

	/**
	 * The sessions of one bargain.
	 * @param campaign the bargain
	 * @param hot how many of the oldest open sessions helpers pick from
	 */
	public BargainCheck(Campaign campaign, int hot) {
		this.campaign = campaign;
		this.hot = hot;
	}

	/**
	 * Notes a session a shopper started (or was told they already have).
	 * @param sessionId the session
	 */
	public void started(String sessionId) {
		if (this.seen.add(sessionId)) {
			this.open.addLast(sessionId);
		}
	}

	/**
	 * Notes a session that takes no more cuts (completed, bought, closed).
	 * @param sessionId the session
	 */
	public void closed(String sessionId) {
		this.seen.add(sessionId);
		this.closed.add(sessionId);
	}

	/**
	 * A session for a helper: one of the {@code hot} oldest that may still take cuts, so
	 * that many helpers cut the same session at once.
	 * @return a session id, or {@code null} when none is open
	 */
	public String pickHot() {
		List<String> candidates = new ArrayList<>(this.hot);
		for (Iterator<String> it = this.open.iterator(); it.hasNext() && candidates.size() < this.hot;) {
			String id = it.next();
			if (this.closed.contains(id)) {
				it.remove();
			}
			else {
				candidates.add(id);
			}
		}
		return candidates.isEmpty() ? null : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
	}

	/**
	 * Notes a cut a helper was told succeeded.
	 * @param sessionId the session
	 * @param cutsLeft cuts left after it, as answered
	 */
	public void cut(String sessionId, int cutsLeft) {
		this.cutsTold.computeIfAbsent(sessionId, (id) -> new AtomicInteger()).incrementAndGet();
		if (cutsLeft == 0) {
			closed(sessionId);
		}
	}

	/**
	 * Notes a session its owner was sold.
	 * @param sessionId the session
	 * @param unitPrice the order's unit price, as answered
	 */
	public void purchased(String sessionId, long unitPrice) {
		this.purchased.putIfAbsent(sessionId, unitPrice);
		closed(sessionId);
	}

	/** @return sessions the shoppers saw */
	public int seenCount() {
		return this.seen.size();
	}

	/** @return cuts the helpers were told succeeded, over all sessions */
	public long cutsTold() {
		return this.cutsTold.values().stream().mapToLong(AtomicInteger::get).sum();
	}

	/**
	 * The check of every session seen, by {@value #READERS} users in parallel; chain it
	 * after the load (it reads the final state).
	 * @return the population
	 */
	public PopulationBuilder population() {
		return scenario("Session check").exec((session) -> {
			if (this.queued.compareAndSet(false, true)) {
				this.toCheck.addAll(this.seen);
			}
			return session;
		})
			.exec(asLongAs((session) -> !this.toCheck.isEmpty())
				.on(exec((session) -> session.set("sessionId", String.valueOf(this.toCheck.poll())))
					.exec(doIf((session) -> !"null".equals(session.getString("sessionId")))
						.then(exec(http(CHECK).get("/api/bargain-sessions/#{sessionId}")
							.check(status().is(200), bodyString().saveAs("bargainSession"),
									this.violations.rule("cuts sum to list - current, priceAfter chained, current >= floor",
											this::mispriced),
									this.violations.rule("cutsMade + cutsLeft = helpersNeeded = cuts listed", this::miscounted),
									this.violations.rule("at the floor exactly when no cut is left", this::offTheFloor),
									this.violations.rule("each helper once per session", this::helpedTwice),
									this.violations.rule("1 <= cut <= ceil(2 (list - floor) / helpersNeeded)", this::badCut))
							.checkIf((session) -> this.campaign.exclusive())
							.then(this.violations.rule("cuts told 201 = cutsMade", this::notTheCutsTold),
									this.violations.rule("PURCHASED = sold to its owner, at the price told", this::notTheSale)))
							.exec(this::tally)))))
			.injectOpen(atOnceUsers(READERS));
	}

	private String mispriced(JsonNode bargain, String id) {
		long list = bargain.path("listPrice").asLong();
		long current = bargain.path("currentPrice").asLong();
		long floor = bargain.path("floorPrice").asLong();
		long sum = 0;
		long price = list;
		for (JsonNode cut : bargain.path("cuts")) {
			sum += cut.path("amount").asLong();
			price -= cut.path("amount").asLong();
			if (cut.path("priceAfter").asLong() != price) {
				return "a cut of " + cut.path("amount").asLong() + " says priceAfter " + cut.path("priceAfter").asLong()
						+ ", expected " + price;
			}
		}
		if (sum != list - current) {
			return "cuts sum to " + sum + " but list - current is " + (list - current);
		}
		if (current < floor) {
			return "current price " + current + " below the floor " + floor;
		}
		if (list != this.campaign.listPrice() || floor != this.campaign.floorPrice()) {
			return "prices " + list + "/" + floor + " are not the campaign's " + this.campaign.listPrice() + "/"
					+ this.campaign.floorPrice();
		}
		return null;
	}

	private String miscounted(JsonNode bargain, String id) {
		int made = bargain.path("cutsMade").asInt();
		int left = bargain.path("cutsLeft").asInt();
		int needed = this.campaign.helpersNeeded();
		if (made + left != needed) {
			return "cutsMade " + made + " + cutsLeft " + left + " is not helpersNeeded " + needed;
		}
		if (bargain.path("cuts").size() != made) {
			return "cutsMade " + made + " but " + bargain.path("cuts").size() + " cuts listed";
		}
		return null;
	}

	private String offTheFloor(JsonNode bargain, String id) {
		long above = bargain.path("currentPrice").asLong() - bargain.path("floorPrice").asLong();
		int left = bargain.path("cutsLeft").asInt();
		String status = bargain.path("status").asText();
		if (left == 0 && above != 0) {
			return status + " with no cut left but " + above + " above the floor";
		}
		if ("COMPLETED".equals(status) && left != 0) {
			return "COMPLETED with " + left + " cuts left";
		}
		if (left > 0 && above < left) {
			return left + " cuts left (at least 1 each) but only " + above + " above the floor";
		}
		return null;
	}

	private String helpedTwice(JsonNode bargain, String id) {
		Set<String> helpers = new HashSet<>();
		for (JsonNode cut : bargain.path("cuts")) {
			if (!helpers.add(cut.path("name").asText())) {
				return "a helper cut twice";
			}
		}
		return null;
	}

	private String badCut(JsonNode bargain, String id) {
		long cap = Math.ceilDiv(2 * (bargain.path("listPrice").asLong() - bargain.path("floorPrice").asLong()),
				(long) this.campaign.helpersNeeded());
		for (JsonNode cut : bargain.path("cuts")) {
			long amount = cut.path("amount").asLong();
			if (amount < 1 || amount > cap) {
				return "a cut of " + amount + " outside 1.." + cap;
			}
		}
		return null;
	}

	private String notTheCutsTold(JsonNode bargain, String id) {
		AtomicInteger told = this.cutsTold.get(id);
		int count = (told != null) ? told.get() : 0;
		if (count != bargain.path("cutsMade").asInt()) {
			return "cutsMade " + bargain.path("cutsMade").asInt() + " but helpers were told " + count + " cuts succeeded";
		}
		return null;
	}

	private String notTheSale(JsonNode bargain, String id) {
		boolean isPurchased = "PURCHASED".equals(bargain.path("status").asText());
		Long price = this.purchased.get(id);
		if (isPurchased != (price != null)) {
			return bargain.path("status").asText() + " but its owner was " + ((price != null) ? "" : "not ") + "sold it";
		}
		if (price != null && price != bargain.path("currentPrice").asLong()) {
			return "sold at " + price + " but its price is " + bargain.path("currentPrice").asLong();
		}
		return null;
	}

	private Session tally(Session session) {
		String body = session.getString("bargainSession");
		if (body == null) {
			return session;
		}
		JsonNode bargain = Violations.parse(body);
		this.checked.increment();
		this.cutsRead.add(bargain.path("cutsMade").asInt());
		this.statuses.computeIfAbsent(bargain.path("status").asText(), (key) -> new LongAdder()).increment();
		if (bargain.path("cutsLeft").asInt() == 0) {
			this.atFloor.increment();
		}
		AtomicInteger told = this.cutsTold.get(session.getString("sessionId"));
		if (((told != null) ? told.get() : 0) == bargain.path("cutsMade").asInt()) {
			this.matched.increment();
		}
		return session.remove("bargainSession");
	}

	/** @return a printable summary, for {@code after()} */
	public String summary() {
		Map<String, Long> byStatus = new TreeMap<>();
		this.statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
		StringBuilder out = new StringBuilder("Bargain sessions (read back after the load):\n");
		out.append(String.format("  %d seen, %d checked, by status %s%n", this.seen.size(), this.checked.sum(),
				byStatus));
		out.append(String.format("  %d cuts read back, %d told 201 to helpers; %d sessions at the floor, %d bought%n",
				this.cutsRead.sum(), cutsTold(), this.atFloor.sum(), this.purchased.size()));
		if (this.campaign.exclusive()) {
			out.append(String.format("  cutsMade matches the 201s helpers were told in %d of %d sessions%n",
					this.matched.sum(), this.checked.sum()));
		}
		this.violations.appendTo(out);
		return out.toString();
	}

}
