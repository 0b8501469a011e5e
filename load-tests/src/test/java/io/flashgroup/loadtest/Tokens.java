package io.flashgroup.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bearer tokens for shoppers, a seller and an operator, obtained before the load starts
 * so that minting is never measured as part of a purchase. Three sources:
 * <ul>
 * <li>{@code dev}: the dev run's {@code POST /api/dev/tokens};</li>
 * <li>{@code hmac}: HS256 tokens minted here from the server's key ({@code -DhmacSecret}
 * or {@code -DhmacSecretFile});</li>
 * <li>{@code file}: tokens read from {@code -DtokenFile}, one a line; a line
 * {@code seller <jwt>} or {@code ops <jwt>} names the seller's or operator's token,
 * {@code shopper <jwt>} or a bare token is a shopper's; blank lines and {@code #} comments
 * (also at the end of a line) are skipped. Shoppers' tokens are used round robin.</li>
 * </ul>
 */
public final class Tokens {

	private final Config config;

	private volatile List<Shopper> shoppers = List.of();

	private volatile String seller;

	private volatile String ops;

	private volatile String prefix = "";

	Tokens(Config config) {
		this.config = config;
	}

	/**
	 * Gets every token the run needs. Call from {@code before()}.
	 * @param api the server, for the dev source
	 * @param shopperCount shopper identities wanted (the file source has as many as it has)
	 * @param needSeller whether a seller token is needed (a campaign is to be created)
	 * @param needOps whether an operator token is needed (the audit)
	 */
	void load(ServerApi api, int shopperCount, boolean needSeller, boolean needOps) {
		long started = System.nanoTime();
		String prefix = this.config.userPrefix().isEmpty()
				? "lt" + Long.toString(System.currentTimeMillis() / 1000, 36) + "-" : this.config.userPrefix();
		this.prefix = prefix;
		switch (this.config.tokenSource()) {
			case "dev" -> loadFromDevEndpoint(api, prefix, shopperCount, needSeller, needOps);
			case "hmac" -> mintAll(hmacKey(), prefix, shopperCount, needSeller, needOps);
			case "file" -> readFile(Path.of(require(this.config.tokenFile(), "-DtokenFile")));
			default -> throw new IllegalArgumentException(
					"-Dtokens must be dev, hmac or file, was '" + this.config.tokenSource() + "'");
		}
		if (this.shoppers.isEmpty()) {
			throw new IllegalStateException("No shopper tokens from source " + this.config.tokenSource());
		}
		if (needSeller && this.seller == null) {
			throw new IllegalStateException("A seller token is needed to create a campaign: add a 'seller <jwt>' line "
					+ "to the token file, or pass -DcampaignId (-DsaleId) of an existing one");
		}
		if (needOps && this.ops == null) {
			throw new IllegalStateException("An OPS token is needed for the audit: add an 'ops <jwt>' line to the "
					+ "token file, or pass -Daudit=false (the invariants then go unchecked)");
		}
		System.out.printf("Tokens: %d shoppers%s%s from '%s' in %d ms%n", this.shoppers.size(),
				(this.seller != null) ? ", a seller" : "", (this.ops != null) ? ", an operator" : "",
				this.config.tokenSource(), Duration.ofNanos(System.nanoTime() - started).toMillis());
	}

	private void loadFromDevEndpoint(ServerApi api, String prefix, int count, boolean needSeller, boolean needOps) {
		if (needSeller) {
			this.seller = devToken(api, prefix + "seller", "SELLER").join();
		}
		if (needOps) {
			this.ops = devToken(api, prefix + "ops", "OPS").join();
		}
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<Shopper>> pending = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String userId = prefix + "s" + i;
			inFlight.acquireUninterruptibly();
			pending.add(devToken(api, userId, "SHOPPER").whenComplete((token, failure) -> inFlight.release())
				.thenApply((token) -> new Shopper(userId, token)));
		}
		this.shoppers = pending.stream().map(CompletableFuture::join).toList();
	}

	/**
	 * One more shopper, outside the round robin of {@link #shopperFeeder()}: e.g. the
	 * greedy client of {@link GreedyClient}, which honest arrivals must never share. Call
	 * after {@link #load}; needs the {@code dev} or {@code hmac} source.
	 * @param api the server, for the dev source
	 * @param name the user id's suffix after the run's prefix
	 * @return the shopper
	 */
	Shopper extraShopper(ServerApi api, String name) {
		String userId = this.prefix + name;
		String token = switch (this.config.tokenSource()) {
			case "dev" -> devToken(api, userId, "SHOPPER").join();
			case "hmac" -> mint(hmacKey(), userId, List.of("SHOPPER"), Instant.now(), this.config.tokenTtl());
			default -> throw new IllegalArgumentException(
					"An extra shopper needs -Dtokens=dev or -Dtokens=hmac, not " + this.config.tokenSource());
		};
		return new Shopper(userId, token);
	}

	private static CompletableFuture<String> devToken(ServerApi api, String userId, String role) {
		return api.postAsync("/api/dev/tokens", null, Map.of("userId", userId, "roles", List.of(role)))
			.thenApply((response) -> {
				if (response.status() == 404) {
					throw new IllegalStateException("No dev token endpoint at " + response.call()
							+ ": against staging use -Dtokens=hmac or -Dtokens=file");
				}
				return response.expect(200).path("token").asText();
			});
	}

	private void mintAll(byte[] key, String prefix, int count, boolean needSeller, boolean needOps) {
		Instant now = Instant.now();
		Duration ttl = this.config.tokenTtl();
		List<Shopper> minted = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String userId = prefix + "s" + i;
			minted.add(new Shopper(userId, mint(key, userId, List.of("SHOPPER"), now, ttl)));
		}
		this.shoppers = List.copyOf(minted);
		this.seller = needSeller ? mint(key, prefix + "seller", List.of("SELLER"), now, ttl) : null;
		this.ops = needOps ? mint(key, prefix + "ops", List.of("OPS"), now, ttl) : null;
	}

	private byte[] hmacKey() {
		String secret = this.config.hmacSecret();
		if (secret.isEmpty() && !this.config.hmacSecretFile().isEmpty()) {
			try {
				secret = Files.readString(Path.of(this.config.hmacSecretFile()), StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read -DhmacSecretFile", ex);
			}
		}
		byte[] key = require(secret, "-DhmacSecret or -DhmacSecretFile").getBytes(StandardCharsets.UTF_8);
		if (key.length < 32) {
			throw new IllegalArgumentException("The HMAC key must be at least 32 bytes, like the server's");
		}
		return key;
	}

	/**
	 * Mints an HS256 JWT the way the server checks it: {@code sub}, {@code roles} (JSON
	 * array), {@code iat}, {@code exp}.
	 * @param key the raw HMAC key
	 * @param subject the user id
	 * @param roles role names
	 * @param issuedAt issue time
	 * @param ttl lifetime
	 * @return the compact token
	 */
	static String mint(byte[] key, String subject, List<String> roles, Instant issuedAt, Duration ttl) {
		return io.flashgroup.bench.Tokens.hs256(key, subject, roles, issuedAt, ttl);
	}

	private void readFile(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read -DtokenFile " + file, ex);
		}
		List<Shopper> read = new ArrayList<>();
		for (String raw : lines) {
			// A JWT holds neither blanks nor '#': anything after " #" is a comment.
			String line = raw.replaceFirst("(^|\\s)#.*$", "").strip();
			if (line.isEmpty()) {
				continue;
			}
			String[] parts = line.split("\\s+", 2);
			String role = (parts.length == 2) ? parts[0].toLowerCase() : "shopper";
			String token = parts[parts.length - 1];
			switch (role) {
				case "seller" -> this.seller = (this.seller != null) ? this.seller : token;
				case "ops" -> this.ops = (this.ops != null) ? this.ops : token;
				case "shopper" -> read.add(new Shopper(subject(token, "file-" + read.size()), token));
				default -> throw new IllegalArgumentException("Token file " + file + ": unknown role '" + parts[0]
						+ "' (use shopper, seller or ops)");
			}
		}
		this.shoppers = List.copyOf(read);
	}

	/** The {@code sub} claim, read without checking the signature (the server checks it). */
	private static String subject(String token, String fallback) {
		String[] parts = token.split("\\.");
		if (parts.length == 3) {
			try {
				JsonNode claims = ServerApi.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
				String sub = claims.path("sub").asText("");
				if (sub.matches("[A-Za-z0-9._@-]{1,40}")) {
					return sub;
				}
			}
			catch (IOException | IllegalArgumentException ex) {
				// not a readable JWT: the server will say so
			}
		}
		return fallback;
	}

	private String require(String value, String what) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(what + " is required with -Dtokens=" + this.config.tokenSource());
		}
		return value;
	}

	/** @return the shoppers, in a stable order */
	public List<Shopper> shoppers() {
		return this.shoppers;
	}

	/** @return the seller's token */
	public String seller() {
		return this.seller;
	}

	/** @return the operator's token */
	public String ops() {
		return this.ops;
	}

	/**
	 * An endless feeder of shoppers, round robin, with {@code userId} and {@code token}
	 * and a run-unique {@code idempotencyKey} for each arrival. Safe to build before
	 * {@link #load} ran: it reads the tokens only when the first user arrives.
	 * @return the feeder
	 */
	public Iterator<Map<String, Object>> shopperFeeder() {
		AtomicLong arrivals = new AtomicLong();
		String run = Long.toString(System.currentTimeMillis(), 36);
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public Map<String, Object> next() {
				long n = arrivals.getAndIncrement();
				List<Shopper> all = Tokens.this.shoppers;
				Shopper shopper = all.get((int) (n % all.size()));
				return Map.of("userId", shopper.userId(), "token", shopper.token(), "idempotencyKey",
						"lt-" + run + "-" + n);
			}

		};
	}

	/**
	 * A shopper identity.
	 *
	 * @param userId the token's subject
	 * @param token bearer token
	 */
	public record Shopper(String userId, String token) {
	}

}
