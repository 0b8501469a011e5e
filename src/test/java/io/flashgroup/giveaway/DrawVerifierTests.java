package io.flashgroup.giveaway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier re-runs a published draw and rejects tampering, in process and as the
 * documented command
 * ({@code java src/main/java/io/flashgroup/giveaway/DrawVerifier.java}).
 */
class DrawVerifierTests {

	private static final byte[] SEED = HexFormat.of()
		.parseHex("8f0e3c2b1a09f8e7d6c5b4a392817060504030201000f0e0d0c0b0a090807060");

	@Test
	void acceptsADrawAsPublished() {
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(published(SEED, entries(), 3, null)))).isEmpty();
	}

	@Test
	void rejectsAChangedWeight() {
		List<Draw.Entry> entries = new ArrayList<>(entries());
		List<String> winners = Draw.winners(SEED, entries, 3);
		// The best entrant who did not win, raised to weight 1000: the same seed then
		// names them.
		String runnerUp = Draw.winners(SEED, entries, 4).get(3);
		entries.replaceAll((e) -> e.pseudonym().equals(runnerUp) ? new Draw.Entry(runnerUp, 1000) : e);
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(published(SEED, entries, 3, winners))))
			.anyMatch((difference) -> difference.startsWith("the draw names winners"));
	}

	@Test
	void rejectsADroppedEntry() {
		List<Draw.Entry> entries = new ArrayList<>(entries());
		List<String> winners = Draw.winners(SEED, entries, 3);
		entries.removeIf((e) -> e.pseudonym().equals(winners.get(1)));
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(published(SEED, entries, 3, winners))))
			.contains("29 entries published, 30 entrants counted")
			.anyMatch((difference) -> difference.startsWith("the draw names winners"));
	}

	@Test
	void rejectsASeedThatDoesNotHashToTheCommitment() {
		byte[] other = SEED.clone();
		other[0] ^= 1;
		String json = published(other, entries(), 3, null).replace(Draw.sha256Hex(other), Draw.sha256Hex(SEED));
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(json)))
			.anyMatch((difference) -> difference.startsWith("SHA-256(seed) is"));
	}

	@Test
	void rejectsReorderedWinners() {
		List<String> winners = new ArrayList<>(Draw.winners(SEED, entries(), 3));
		winners.add(winners.remove(0));
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(published(SEED, entries(), 3, winners)))).hasSize(1);
	}

	@Test
	void theDocumentedCommandPrintsOkOrFailsWithExitCodeOne(@TempDir Path dir) throws Exception {
		Path good = dir.resolve("good.json");
		Files.writeString(good, published(SEED, entries(), 3, null));
		Path bad = dir.resolve("bad.json");
		List<Draw.Entry> fewer = entries().subList(1, 30);
		Files.writeString(bad, published(SEED, fewer, 3, Draw.winners(SEED, entries(), 3)));
		Command ok = run(good.toString(), "user-4");
		assertThat(ok.exitCode()).as(ok.output()).isZero();
		assertThat(ok.output()).contains("OK").contains("user-4 is " + Draw.pseudonym(42, "user-4") + ": entered");
		Command failed = run(bad.toString());
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.output()).contains("DIFFERS:").contains("FAILED");
	}

	/** Runs the documented command with this JVM's {@code java}. */
	static Command run(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"src/main/java/io/flashgroup/giveaway/DrawVerifier.java"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Command(process.exitValue(), output);
	}

	record Command(int exitCode, String output) {
	}

	/** 30 entrants of giveaway 42, weights 1 to 3. */
	private static List<Draw.Entry> entries() {
		List<Draw.Entry> entries = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			entries.add(new Draw.Entry(Draw.pseudonym(42, "user-" + i), 1 + i % 3));
		}
		return entries;
	}

	/**
	 * What GET /api/giveaways/42 publishes after the draw of {@code entries} with
	 * {@code seed}; {@code winners} null: the true ones. Always 30 entrants counted.
	 */
	static String published(byte[] seed, List<Draw.Entry> entries, int units, List<String> winners) {
		List<String> named = (winners != null) ? winners : Draw.winners(seed, entries, units);
		StringBuilder json = new StringBuilder();
		json.append("{\"id\":42,\"sku\":\"SKU-1\",\"title\":\"T \\\"quoted\\\" \\u514d\",\"winners\":")
			.append(units)
			.append(",\"status\":\"DRAWN\",\"entrants\":30,\"seedHash\":\"")
			.append(Draw.sha256Hex(seed))
			.append("\",\"youEntered\":null,\"draw\":{\"seed\":\"")
			.append(HexFormat.of().formatHex(seed))
			.append("\",\"drawnAt\":\"2026-12-01T06:00:00Z\",\"entries\":[");
		for (int i = 0; i < entries.size(); i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"entrant\":\"")
				.append(entries.get(i).pseudonym())
				.append("\",\"weight\":")
				.append(entries.get(i).weight())
				.append('}');
		}
		json.append("],\"winners\":[");
		for (int i = 0; i < named.size(); i++) {
			json.append((i > 0) ? "," : "").append('"').append(named.get(i)).append('"');
		}
		return json.append("]}}").toString();
	}

	@Test
	@SuppressWarnings("unchecked")
	void readsJsonWithEscapesNumbersAndLiterals() {
		Map<String, Object> parsed = DrawVerifier.Json
			.object(" { \"a\" : [1, -2.5e1, true, false, null, \"x\\n\\u0041\"], \"b\": {} } ");
		assertThat((List<Object>) parsed.get("a")).containsExactly(1L, -25.0, true, false, null, "x\nA");
		assertThat(parsed.get("b")).isEqualTo(Map.of());
	}

}
