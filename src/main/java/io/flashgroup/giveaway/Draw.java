package io.flashgroup.giveaway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The draw, a pure function shared by the server and {@link DrawVerifier}: weighted
 * sampling without replacement by Efraimidis–Spirakis keys. Each entry gets
 * {@code u = HMAC-SHA256(seed, pseudonym)} read as a fraction in (0, 1) and the key
 * {@code ln(u) / weight} (the log of {@code u^(1/weight)}, same order); the winners are
 * the entries with the largest keys, ties broken by the smaller pseudonym. JDK only, so
 * the verifier can launch it from source; {@link StrictMath#log} so that every JVM
 * computes the same bits.
 */
public final class Draw {

	/** 2^-52: the fraction's top 52 bits plus one half, times this, is exact. */
	private static final double ULP = 0x1.0p-52;

	private static final Comparator<Keyed> ORDER = Comparator.comparingDouble(Keyed::key)
		.reversed()
		.thenComparing(Keyed::pseudonym);

	private Draw() {
	}

	/**
	 * The winners: the pseudonyms of the {@code winners} entries with the largest keys
	 * (all of them, when fewer entered), best first.
	 */
	public static List<String> winners(byte[] seed, List<Entry> entries, int winners) {
		return best(entries.stream().map((entry) -> new Keyed(entry.pseudonym(), key(seed, entry))).toList(), winners);
	}

	/**
	 * The pseudonyms of the {@code n} largest keys, equal keys by the smaller pseudonym.
	 */
	static List<String> best(List<Keyed> keyed, int n) {
		return keyed.stream().sorted(ORDER).limit(n).map(Keyed::pseudonym).toList();
	}

	/** An entry's key: {@code ln(u) / weight}, negative, larger is better. */
	public static double key(byte[] seed, Entry entry) {
		return StrictMath.log(fraction(seed, entry.pseudonym())) / entry.weight();
	}

	/**
	 * {@code u}: the top 52 bits of HMAC-SHA256(seed, pseudonym) plus one half, over
	 * 2^52. Never 0 or 1 and exact in a double (53 bits plus a half would round), with no
	 * modulo anywhere.
	 */
	public static double fraction(byte[] seed, String pseudonym) {
		byte[] mac = hmac(seed, pseudonym.getBytes(StandardCharsets.UTF_8));
		long top = 0;
		for (int i = 0; i < 8; i++) {
			top = (top << 8) | (mac[i] & 0xFF);
		}
		return ((top >>> 12) + 0.5) * ULP;
	}

	/**
	 * A shopper's name in a giveaway's published entries: hex SHA-256(id + ":" + user).
	 */
	public static String pseudonym(long giveawayId, String userId) {
		return sha256Hex((giveawayId + ":" + userId).getBytes(StandardCharsets.UTF_8));
	}

	/** Lower-case hex SHA-256, as {@code seedHash} publishes the seed's. */
	public static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static byte[] hmac(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	/** One published entry. */
	public record Entry(String pseudonym, int weight) {
	}

	record Keyed(String pseudonym, double key) {
	}

}
