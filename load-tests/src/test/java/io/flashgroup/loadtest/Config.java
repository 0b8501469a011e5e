package io.flashgroup.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of a rehearsal, read from system properties ({@code -Drate=200}) with defaults
 * each simulation chooses so that a run against the dev server finishes in well under two
 * minutes. Every simulation (flash-sale rush, live watchers, group-buy rush, bargain
 * storm) reads the same names, so one command line style fits them all.
 */
public final class Config {

	/** The dev run's address ({@code ./mvnw spring-boot:test-run}). */
	static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

	/** The dev run's HMAC key; only useful against a dev or test run. */
	static final String DEV_HMAC_SECRET = "dev-only-secret-not-for-production-use-0123456789";

	private static final Map<String, String> COMMON_DEFAULTS = commonDefaults();

	private final Map<String, String> defaults;

	private final Map<String, String> values = new LinkedHashMap<>();

	private Config(Map<String, String> overrides) {
		this.defaults = new LinkedHashMap<>(COMMON_DEFAULTS);
		this.defaults.putAll(overrides);
		this.defaults.forEach((name, fallback) -> this.values.put(name, System.getProperty(name, fallback)));
	}

	/**
	 * Reads the system properties over the common defaults and a simulation's own.
	 * @param simulationDefaults defaults that differ per simulation, e.g. {@code rate}
	 * @return the configuration of this run
	 */
	public static Config load(Map<String, String> simulationDefaults) {
		return new Config(simulationDefaults);
	}

	private static Map<String, String> commonDefaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("baseUrl", DEFAULT_BASE_URL);
		defaults.put("rate", "100");
		defaults.put("duration", "30");
		defaults.put("stock", "1000");
		defaults.put("perUserLimit", "2");
		defaults.put("shoppers", "2000");
		defaults.put("payRatio", "0.3");
		defaults.put("retryRatio", "0.1");
		defaults.put("p99Ms", "1500");
		defaults.put("campaignId", "");
		defaults.put("saleId", "");
		defaults.put("lead", "5");
		defaults.put("payWindow", "PT10M");
		defaults.put("tokens", "dev");
		defaults.put("hmacSecret", "");
		defaults.put("hmacSecretFile", "");
		defaults.put("tokenFile", "");
		defaults.put("tokenTtl", "PT2H");
		defaults.put("userPrefix", "");
		defaults.put("audit", "true");
		defaults.put("auditDeadline", "60");
		return defaults;
	}

	/** @return the server's base URL without a trailing slash */
	public String baseUrl() {
		String url = string("baseUrl");
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** @return the WebSocket base URL matching {@link #baseUrl()} */
	public String wsBaseUrl() {
		return baseUrl().replaceFirst("^http", "ws");
	}

	/** @return shoppers arriving per second */
	public double rate() {
		return positiveDouble("rate");
	}

	/** @return how long shoppers keep arriving */
	public Duration duration() {
		return seconds("duration");
	}

	/** @return units of a campaign the rehearsal creates */
	public int stock() {
		return positiveInt("stock");
	}

	/** @return units one shopper may hold in a campaign the rehearsal creates */
	public int perUserLimit() {
		return positiveInt("perUserLimit");
	}

	/** @return distinct shopper identities (tokens); arrivals cycle through them */
	public int shoppers() {
		return positiveInt("shoppers");
	}

	/** @return share of reserved orders that are paid */
	public double payRatio() {
		return ratio("payRatio");
	}

	/** @return share of purchases retried with the same Idempotency-Key */
	public double retryRatio() {
		return ratio("retryRatio");
	}

	/** @return upper bound of the 99th percentile response time, in milliseconds */
	public int p99Millis() {
		return positiveInt("p99Ms");
	}

	/**
	 * The campaign to rehearse on: {@code -DcampaignId}, or {@code -DsaleId} (the flash-sale
	 * name, kept as an alias).
	 * @return the id of an existing campaign to rush, or 0 to create one
	 */
	public long campaignId() {
		String id = string("campaignId").trim();
		if (id.isEmpty()) {
			id = string("saleId").trim();
		}
		try {
			return id.isEmpty() ? 0 : Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("-DcampaignId (or -DsaleId) is not a number: '" + id + "'", ex);
		}
	}

	/** @return time between creating a campaign and its start */
	public Duration lead() {
		return seconds("lead");
	}

	/** @return pay window of a campaign the rehearsal creates (ISO-8601) */
	public String payWindow() {
		Duration.parse(string("payWindow"));
		return string("payWindow");
	}

	/** @return token source: dev, hmac or file */
	public String tokenSource() {
		return string("tokens").trim().toLowerCase();
	}

	/** @return the HMAC key given inline, may be empty */
	public String hmacSecret() {
		return string("hmacSecret");
	}

	/** @return a file holding the HMAC key, may be empty */
	public String hmacSecretFile() {
		return string("hmacSecretFile");
	}

	/** @return the token file, may be empty */
	public String tokenFile() {
		return string("tokenFile");
	}

	/** @return lifetime of minted tokens */
	public Duration tokenTtl() {
		return Duration.parse(string("tokenTtl"));
	}

	/** @return prefix of the user ids this run minted or asked tokens for */
	public String userPrefix() {
		return string("userPrefix");
	}

	/** @return whether the invariants are audited after the load */
	public boolean audit() {
		return Boolean.parseBoolean(string("audit"));
	}

	/** @return how long the audit may take to agree */
	public Duration auditDeadline() {
		return seconds("auditDeadline");
	}

	/**
	 * A property by name, for simulation-specific knobs.
	 * @param name property name
	 * @return its value
	 */
	public String string(String name) {
		return Objects.requireNonNull(this.values.get(name), () -> "Unknown property " + name);
	}

	/**
	 * A positive whole number property.
	 * @param name property name
	 * @return its value
	 */
	public int positiveInt(String name) {
		int value = parse(name, Integer::parseInt);
		if (value <= 0) {
			throw new IllegalArgumentException("-D" + name + " must be positive, was " + value);
		}
		return value;
	}

	/**
	 * A duration property given in seconds.
	 * @param name property name
	 * @return its value
	 */
	public Duration seconds(String name) {
		double value = parse(name, Double::parseDouble);
		if (value < 0) {
			throw new IllegalArgumentException("-D" + name + " must not be negative, was " + value);
		}
		return Duration.ofMillis(Math.round(value * 1000));
	}

	/**
	 * A positive number property.
	 * @param name property name
	 * @return its value
	 */
	public double positiveDouble(String name) {
		double value = parse(name, Double::parseDouble);
		if (value <= 0) {
			throw new IllegalArgumentException("-D" + name + " must be positive, was " + value);
		}
		return value;
	}

	/**
	 * A share between 0 and 1.
	 * @param name property name
	 * @return its value
	 */
	public double ratio(String name) {
		double value = parse(name, Double::parseDouble);
		if (value < 0 || value > 1) {
			throw new IllegalArgumentException("-D" + name + " must be between 0 and 1, was " + value);
		}
		return value;
	}

	private <T> T parse(String name, java.util.function.Function<String, T> parser) {
		String raw = string(name).trim();
		try {
			return parser.apply(raw);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("-D" + name + " is not a number: '" + raw + "'", ex);
		}
	}

	/** @return the effective settings, secrets masked, for the run's log */
	public String describe() {
		StringBuilder out = new StringBuilder("Rehearsal settings (-Dname=value to change):\n");
		this.values.forEach((name, value) -> {
			String shown = "hmacSecret".equals(name) && !value.isEmpty() ? "(set)" : value;
			out.append(String.format("  %-15s %s%n", name, shown.isEmpty() ? "(none)" : shown));
		});
		return out.toString();
	}

}
