package io.flashgroup.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The campaign a rehearsal targets: created in {@code before()} (or an existing one given
 * by id) and read by the virtual users through session functions, since scenarios are
 * built before {@code before()} runs. Each kind has a factory ({@link #flashSale()},
 * {@link #groupBuy()}, {@link #bargain()}) naming its REST path and the body that creates
 * one; the rest
 * (waiting for the start, the server clock, the topic) is shared, and {@link Audit} works
 * on any campaign.
 */
public final class Campaign {

	private final Kind kind;

	private volatile long id;

	private volatile int stock;

	private volatile Instant startsAt = Instant.EPOCH;

	private volatile boolean exclusive;

	private volatile long listPrice;

	private volatile long floorPrice;

	private volatile int helpersNeeded;

	private Campaign(Kind kind) {
		this.kind = kind;
	}

	/** @return an empty flash-sale holder, filled by {@link #create} or {@link #use} */
	public static Campaign flashSale() {
		return new Campaign(Kind.FLASH_SALE);
	}

	/** @return an empty group-buy holder, filled by {@link #create} or {@link #use} */
	public static Campaign groupBuy() {
		return new Campaign(Kind.GROUP_BUY);
	}

	/** @return an empty bargain holder, filled by {@link #create} or {@link #use} */
	public static Campaign bargain() {
		return new Campaign(Kind.BARGAIN);
	}

	/**
	 * Creates a campaign of this kind that starts {@code lead} after the server's now.
	 * @param api the server
	 * @param config stock, limit, pay window (and a group buy's or a bargain's own knobs)
	 * @param sellerToken a SELLER token
	 * @param lead time until the start
	 * @param duration how long the load lasts; the campaign ends well after it
	 */
	void create(ServerApi api, Config config, String sellerToken, Duration lead, Duration duration) {
		// One read first, so the start is set by the server's clock, not ours.
		api.get("/api/flash-sales?status=LIVE", null);
		Instant startsAt = api.serverNow().plus(lead);
		Map<String, Object> body = new LinkedHashMap<>();
		String sku = "LT-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
		body.put("sku", sku);
		body.put("title", "Rehearsal " + sku);
		body.put("currency", "EUR");
		if (this.kind == Kind.GROUP_BUY) {
			body.put("groupPrice", 1000);
			body.put("leaderPrice", 500);
			body.put("soloPrice", 2000);
			body.put("groupSize", config.positiveInt("groupSize"));
			body.put("groupTtl", groupTtl(config).toString());
		}
		else if (this.kind == Kind.BARGAIN) {
			body.put("listPrice", config.positiveInt("listPrice"));
			body.put("floorPrice", config.positiveInt("floorPrice"));
			body.put("helpersNeeded", config.positiveInt("helpersNeeded"));
			body.put("sessionTtl", sessionTtl(config).toString());
			body.put("helpsPerHelperPerDay", config.positiveInt("helpsPerHelperPerDay"));
		}
		else {
			body.put("price", 1999);
		}
		body.put("stock", config.stock());
		body.put("perUserLimit", config.perUserLimit());
		body.put("startsAt", startsAt.toString());
		body.put("endsAt", startsAt.plus(duration).plus(Duration.ofMinutes(30)).toString());
		body.put("payWindow", config.payWindow());
		JsonNode created = api.post(this.kind.restPath, sellerToken, body).expect(201);
		this.exclusive = true;
		fill(created);
		api.campaign(path());
		String terms = switch (this.kind) {
			case GROUP_BUY -> String.format("%d units in groups of %d (group TTL %s)", this.stock,
					created.path("groupSize").asInt(), created.path("groupTtl").asText());
			case BARGAIN -> String.format("%d units, %d down to %d in %d cuts (session TTL %s, %d helps a day)",
					this.stock, this.listPrice, this.floorPrice, this.helpersNeeded, created.path("sessionTtl").asText(),
					created.path("helpsPerHelperPerDay").asInt());
			default -> this.stock + " units";
		};
		System.out.printf("Created %s %d: %s, limit %d per shopper, starts %s (in %d ms)%n", this.kind.title, this.id,
				terms, config.perUserLimit(), this.startsAt, Duration.between(api.serverNow(), this.startsAt).toMillis());
	}

	/**
	 * How long a group of a created group buy stays open: {@code -DgroupTtl} (ISO-8601), or
	 * by default the load, the audit's deadline and five minutes more, so that no group
	 * fails at its deadline (and no seat's pay window, capped at the deadline, closes)
	 * while the rehearsal is still counting.
	 * @param config the run's configuration
	 * @return the group lifetime
	 */
	static Duration groupTtl(Config config) {
		String configured = config.string("groupTtl").trim();
		if (!configured.isEmpty()) {
			return Duration.parse(configured);
		}
		Duration ttl = config.duration().plus(config.auditDeadline()).plusMinutes(5);
		return Duration.ofSeconds(ttl.toSeconds() + ((ttl.toMillis() % 1000 > 0) ? 1 : 0));
	}

	/**
	 * How long a session of a created bargain lasts: {@code -DsessionTtl} (ISO-8601), or by
	 * default the load, the audit's deadline and five minutes more, so that no session
	 * expires while the rehearsal is still counting (the server caps it at the campaign's
	 * end, which is 30 minutes after the load).
	 * @param config the run's configuration
	 * @return the session lifetime
	 */
	static Duration sessionTtl(Config config) {
		String configured = config.string("sessionTtl").trim();
		if (!configured.isEmpty()) {
			return Duration.parse(configured);
		}
		Duration ttl = config.duration().plus(config.auditDeadline()).plusMinutes(5);
		return Duration.ofSeconds(ttl.toSeconds() + ((ttl.toMillis() % 1000 > 0) ? 1 : 0));
	}

	/**
	 * Targets an existing campaign of this kind; other traffic may touch it, so only the
	 * invariants that hold regardless are checked.
	 * @param api the server
	 * @param campaignId the campaign
	 */
	void use(ServerApi api, long campaignId) {
		JsonNode campaign = api.campaign(this.kind.restPath + "/" + campaignId);
		this.exclusive = false;
		fill(campaign);
		System.out.printf("Using existing %s %d: %s, %d of %d units left, starts %s%n", this.kind.title, this.id,
				campaign.path("status").asText(), campaign.path("stockLeft").asLong(), this.stock, this.startsAt);
	}

	private void fill(JsonNode campaign) {
		this.id = campaign.path("id").asLong();
		this.stock = campaign.path("stock").asInt();
		this.startsAt = Instant.parse(campaign.path("startsAt").asText());
		this.listPrice = campaign.path("listPrice").asLong();
		this.floorPrice = campaign.path("floorPrice").asLong();
		this.helpersNeeded = campaign.path("helpersNeeded").asInt();
	}

	/**
	 * Waits until the server says the campaign has started (or is already over).
	 * @param api the server
	 * @param deadline longest wait past the start
	 * @return the campaign's status once started
	 */
	String awaitStart(ServerApi api, Duration deadline) {
		if (untilStart(api).compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalStateException(this.kind.capitalized() + " " + this.id + " starts only at "
					+ this.startsAt + ": rehearse a campaign that starts within 10 minutes");
		}
		Instant giveUp = Instant.now().plus(untilStart(api)).plus(deadline);
		while (true) {
			Duration remaining = untilStart(api);
			if (remaining.toMillis() > 50) {
				sleep(remaining.toMillis() - 30);
			}
			String status = api.campaign(path()).path("status").asText();
			if (!"SCHEDULED".equals(status)) {
				System.out.printf("%s %d is %s%n", this.kind.capitalized(), this.id, status);
				return status;
			}
			if (Instant.now().isAfter(giveUp)) {
				throw new IllegalStateException(this.kind.capitalized() + " " + this.id + " still SCHEDULED "
						+ deadline.toSeconds() + " s after its start " + this.startsAt);
			}
			sleep(20);
		}
	}

	/**
	 * @param api the server, for its clock
	 * @return time left until the start by the server's clock, zero once started
	 */
	public Duration untilStart(ServerApi api) {
		Duration left = Duration.between(api.serverNow(), this.startsAt);
		return left.isNegative() ? Duration.ZERO : left;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** @return the campaign kind, e.g. {@code flash-sale} or {@code group-buy} */
	public String kind() {
		return this.kind.topicPrefix;
	}

	/** @return the campaign id */
	public long id() {
		return this.id;
	}

	/** @return the units it was created with */
	public int stock() {
		return this.stock;
	}

	/** @return the start of the campaign window */
	public Instant startsAt() {
		return this.startsAt;
	}

	/** @return a bargain's list price (0 for other kinds) */
	public long listPrice() {
		return this.listPrice;
	}

	/** @return a bargain's floor price, reached once every cut is made (0 for other kinds) */
	public long floorPrice() {
		return this.floorPrice;
	}

	/** @return cuts a bargain session needs to reach the floor (0 for other kinds) */
	public int helpersNeeded() {
		return this.helpersNeeded;
	}

	/** @return whether only this run buys from it, so client counts must match the server exactly */
	public boolean exclusive() {
		return this.exclusive;
	}

	/** @return the REST path of the campaign, e.g. {@code /api/group-buys/7} */
	public String path() {
		return this.kind.restPath + "/" + this.id;
	}

	/** @return the live topic of the campaign, e.g. {@code group-buy:7} */
	public String topic() {
		return this.kind.topicPrefix + ":" + this.id;
	}

	/** The campaign kinds a rehearsal can target. */
	private enum Kind {

		FLASH_SALE("flash-sale", "/api/flash-sales", "flash sale"),

		GROUP_BUY("group-buy", "/api/group-buys", "group buy"),

		BARGAIN("bargain", "/api/bargains", "bargain");

		private final String topicPrefix;

		private final String restPath;

		private final String title;

		Kind(String topicPrefix, String restPath, String title) {
			this.topicPrefix = topicPrefix;
			this.restPath = restPath;
			this.title = title;
		}

		private String capitalized() {
			return Character.toUpperCase(this.title.charAt(0)) + this.title.substring(1);
		}

	}

}
