package io.flashgroup.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The campaign a rehearsal targets: created in {@code before()} (or an existing one given
 * by id) and read by the virtual users through session functions, since scenarios are
 * built before {@code before()} runs. A flash sale today; group buys and bargains get a
 * factory method of their own and reuse the rest ({@link Audit} works on any campaign).
 */
public final class Campaign {

	private final String kind;

	private volatile long id;

	private volatile int stock;

	private volatile Instant startsAt = Instant.EPOCH;

	private volatile boolean exclusive;

	private Campaign(String kind) {
		this.kind = kind;
	}

	/** @return an empty flash-sale holder, filled by {@link #createFlashSale} or {@link #useFlashSale} */
	public static Campaign flashSale() {
		return new Campaign("flash-sale");
	}

	/**
	 * Creates a flash sale that starts {@code lead} after the server's now.
	 * @param api the server
	 * @param config stock, limit, pay window
	 * @param sellerToken a SELLER token
	 * @param lead time until the start
	 * @param duration how long the load lasts; the sale ends well after it
	 */
	void createFlashSale(ServerApi api, Config config, String sellerToken, Duration lead, Duration duration) {
		// One read first, so the start is set by the server's clock, not ours.
		api.get("/api/flash-sales?status=LIVE", null);
		Instant startsAt = api.serverNow().plus(lead);
		Map<String, Object> body = new LinkedHashMap<>();
		String sku = "LT-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
		body.put("sku", sku);
		body.put("title", "Rehearsal " + sku);
		body.put("price", 1999);
		body.put("currency", "EUR");
		body.put("stock", config.stock());
		body.put("perUserLimit", config.perUserLimit());
		body.put("startsAt", startsAt.toString());
		body.put("endsAt", startsAt.plus(duration).plus(Duration.ofMinutes(30)).toString());
		body.put("payWindow", config.payWindow());
		JsonNode sale = api.post("/api/flash-sales", sellerToken, body).expect(201);
		this.exclusive = true;
		fill(sale);
		api.flashSale(this.id);
		System.out.printf("Created flash sale %d: %d units, limit %d per shopper, starts %s (in %d ms)%n", this.id,
				this.stock, config.perUserLimit(), this.startsAt,
				Duration.between(api.serverNow(), this.startsAt).toMillis());
	}

	/**
	 * Targets an existing flash sale; other traffic may touch it, so only the invariants
	 * that hold regardless are checked.
	 * @param api the server
	 * @param saleId the sale
	 */
	void useFlashSale(ServerApi api, long saleId) {
		JsonNode sale = api.flashSale(saleId);
		this.exclusive = false;
		fill(sale);
		System.out.printf("Using existing flash sale %d: %s, %d of %d units left, starts %s%n", this.id,
				sale.path("status").asText(), sale.path("stockLeft").asLong(), this.stock, this.startsAt);
	}

	private void fill(JsonNode sale) {
		this.id = sale.path("id").asLong();
		this.stock = sale.path("stock").asInt();
		this.startsAt = Instant.parse(sale.path("startsAt").asText());
	}

	/**
	 * Waits until the server says the sale has started (or is already over).
	 * @param api the server
	 * @param deadline longest wait past the start
	 * @return the sale's status once started
	 */
	String awaitStart(ServerApi api, Duration deadline) {
		if (untilStart(api).compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalStateException("Flash sale " + this.id + " starts only at " + this.startsAt
					+ ": rehearse a sale that starts within 10 minutes");
		}
		Instant giveUp = Instant.now().plus(untilStart(api)).plus(deadline);
		while (true) {
			Duration remaining = untilStart(api);
			if (remaining.toMillis() > 50) {
				sleep(remaining.toMillis() - 30);
			}
			String status = api.flashSale(this.id).path("status").asText();
			if (!"SCHEDULED".equals(status)) {
				System.out.printf("Flash sale %d is %s%n", this.id, status);
				return status;
			}
			if (Instant.now().isAfter(giveUp)) {
				throw new IllegalStateException("Flash sale " + this.id + " still SCHEDULED " + deadline.toSeconds()
						+ " s after its start " + this.startsAt);
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

	/** @return the campaign kind, e.g. {@code flash-sale} */
	public String kind() {
		return this.kind;
	}

	/** @return the campaign id */
	public long id() {
		return this.id;
	}

	/** @return the units it was created with */
	public int stock() {
		return this.stock;
	}

	/** @return the start of the sale window */
	public Instant startsAt() {
		return this.startsAt;
	}

	/** @return whether only this run buys from it, so client counts must match the server exactly */
	public boolean exclusive() {
		return this.exclusive;
	}

	/** @return the REST path of the sale */
	public String path() {
		return "/api/flash-sales/" + this.id;
	}

	/** @return the live topic of the sale */
	public String topic() {
		return this.kind + ":" + this.id;
	}

}
