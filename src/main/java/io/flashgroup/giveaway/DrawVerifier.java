package io.flashgroup.giveaway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-runs a giveaway's draw from what {@code GET /api/giveaways/{id}} publishes, with the
 * JDK alone: {@code java src/main/java/io/flashgroup/giveaway/DrawVerifier.java <file or
 * URL> [userId]} (JDK 22+ finds {@link Draw} beside it). Checks that the seed hashes to
 * the seedHash published at creation, that the entries are distinct with weights in range
 * and as many as the entrants counted, and that the draw of these entries with this seed
 * names the published winners in order; with a user id, whether that user's pseudonym is
 * among the entries and the winners. Prints OK or each difference; exit code 0 or 1.
 */
public final class DrawVerifier {

	private DrawVerifier() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: java DrawVerifier.java <giveaway.json or URL> [userId]");
			System.exit(2);
		}
		Map<String, Object> giveaway = Json.object(read(args[0]));
		List<String> differences = verify(giveaway);
		if (args.length == 2 && differences.isEmpty()) {
			System.out.println(you(giveaway, args[1]));
		}
		differences.forEach((difference) -> System.out.println("DIFFERS: " + difference));
		System.out.println(differences.isEmpty() ? "OK" : "FAILED");
		System.exit(differences.isEmpty() ? 0 : 1);
	}

	/**
	 * What differs between the published draw and its re-run; empty when it checks out.
	 */
	public static List<String> verify(Map<String, Object> giveaway) {
		List<String> differences = new ArrayList<>();
		if (!(giveaway.get("draw") instanceof Map<?, ?> draw)) {
			return List.of("no draw published yet (status " + giveaway.get("status") + ")");
		}
		byte[] seed = HexFormat.of().parseHex(String.valueOf(draw.get("seed")));
		String hash = Draw.sha256Hex(seed);
		if (!hash.equals(giveaway.get("seedHash"))) {
			differences.add("SHA-256(seed) is " + hash + ", the published seedHash " + giveaway.get("seedHash"));
		}
		List<Draw.Entry> entries = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Object item : (List<?>) draw.get("entries")) {
			Map<?, ?> entry = (Map<?, ?>) item;
			String pseudonym = String.valueOf(entry.get("entrant"));
			int weight = ((Number) entry.get("weight")).intValue();
			if (!seen.add(pseudonym)) {
				differences.add("entrant " + pseudonym + " is listed twice");
			}
			if (weight < 1 || weight > 1000) {
				differences.add("entrant " + pseudonym + " has weight " + weight + " outside 1..1000");
			}
			entries.add(new Draw.Entry(pseudonym, weight));
		}
		Object entrants = giveaway.get("entrants");
		if (entrants instanceof Number counted && counted.intValue() != entries.size()) {
			differences.add(entries.size() + " entries published, " + counted + " entrants counted");
		}
		int winners = ((Number) giveaway.get("winners")).intValue();
		List<String> expected = Draw.winners(seed, entries, winners);
		List<?> published = (List<?>) draw.get("winners");
		if (!expected.equals(published)) {
			differences.add("the draw names winners " + expected + ", published " + published);
		}
		return differences;
	}

	private static String you(Map<String, Object> giveaway, String userId) {
		String pseudonym = Draw.pseudonym(((Number) giveaway.get("id")).longValue(), userId);
		Map<?, ?> draw = (Map<?, ?>) giveaway.get("draw");
		boolean entered = ((List<?>) draw.get("entries")).stream()
			.anyMatch((entry) -> pseudonym.equals(((Map<?, ?>) entry).get("entrant")));
		boolean won = ((List<?>) draw.get("winners")).contains(pseudonym);
		return userId + " is " + pseudonym + ": " + (entered ? "entered" : "not entered") + ", "
				+ (won ? "won" : "did not win");
	}

	private static String read(String source) throws IOException, InterruptedException {
		if (source.startsWith("http://") || source.startsWith("https://")) {
			try (HttpClient http = HttpClient.newHttpClient()) {
				return http
					.send(HttpRequest.newBuilder(URI.create(source)).build(), HttpResponse.BodyHandlers.ofString())
					.body();
			}
		}
		return Files.readString(Path.of(source));
	}

	/**
	 * Just enough JSON for the verifier to need nothing beyond the JDK: objects, arrays,
	 * strings (with escapes), numbers (as long or double), true, false, null.
	 */
	static final class Json {

		private final String text;

		private int at;

		private Json(String text) {
			this.text = text;
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> object(String text) {
			Json json = new Json(text);
			Object value = json.value();
			json.space();
			if (json.at != text.length() || !(value instanceof Map)) {
				throw new IllegalArgumentException("not one JSON object");
			}
			return (Map<String, Object>) value;
		}

		private Object value() {
			space();
			char c = this.text.charAt(this.at);
			return switch (c) {
				case '{' -> members();
				case '[' -> elements();
				case '"' -> string();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> number();
			};
		}

		private Map<String, Object> members() {
			Map<String, Object> members = new LinkedHashMap<>();
			this.at++;
			space();
			if (peek('}')) {
				return members;
			}
			do {
				space();
				String name = string();
				space();
				expect(':');
				members.put(name, value());
				space();
			}
			while (next(','));
			expect('}');
			return members;
		}

		private List<Object> elements() {
			List<Object> elements = new ArrayList<>();
			this.at++;
			space();
			if (peek(']')) {
				return elements;
			}
			do {
				elements.add(value());
				space();
			}
			while (next(','));
			expect(']');
			return elements;
		}

		private String string() {
			expect('"');
			StringBuilder out = new StringBuilder();
			while (this.text.charAt(this.at) != '"') {
				char c = this.text.charAt(this.at++);
				if (c != '\\') {
					out.append(c);
					continue;
				}
				char escaped = this.text.charAt(this.at++);
				switch (escaped) {
					case 'n' -> out.append('\n');
					case 't' -> out.append('\t');
					case 'r' -> out.append('\r');
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'u' -> {
						out.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
						this.at += 4;
					}
					default -> out.append(escaped);
				}
			}
			this.at++;
			return out.toString();
		}

		private Object number() {
			int start = this.at;
			while (this.at < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.at)) >= 0) {
				this.at++;
			}
			String number = this.text.substring(start, this.at);
			if (number.isEmpty()) {
				throw new IllegalArgumentException("unexpected character at " + start);
			}
			return (number.matches("-?\\d+")) ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
		}

		private Object literal(String word, Object value) {
			if (!this.text.startsWith(word, this.at)) {
				throw new IllegalArgumentException("unexpected character at " + this.at);
			}
			this.at += word.length();
			return value;
		}

		private boolean peek(char c) {
			if (this.text.charAt(this.at) == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private boolean next(char c) {
			return peek(c);
		}

		private void expect(char c) {
			if (this.at >= this.text.length() || this.text.charAt(this.at) != c) {
				throw new IllegalArgumentException("expected " + c + " at " + this.at);
			}
			this.at++;
		}

		private void space() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
