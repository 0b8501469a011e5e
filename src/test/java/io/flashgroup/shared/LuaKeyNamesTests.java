package io.flashgroup.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Lua file names its keys at its top, as spring-cloud-gateway's
 * {@code request_rate_limiter.lua} does ({@code local tokens_key = KEYS[1]}), and its
 * body uses the names only: no {@code KEYS[11]} deep in a body, no {@code KEYS} table
 * passed to functions. A kind's prelude names the keys every script of the kind gets, the
 * scripts use those names.
 */
class LuaKeyNamesTests {

	/**
	 * {@code local a_key = KEYS[1]}, {@code local a, b = KEYS[1], KEYS[2]}, or the whole
	 * list named once ({@code local campaign_keys = KEYS}).
	 */
	private static final Pattern NAMING = Pattern
		.compile("local\\s+\\w+(\\s*,\\s*\\w+)*\\s*=\\s*KEYS(\\[\\d+])?(\\s*,\\s*KEYS\\[\\d+])*");

	private static final Pattern KEYS = Pattern.compile("\\bKEYS\\b");

	private static final Pattern INDEX = Pattern.compile("KEYS\\[(\\d+)]");

	@Test
	void everyLuaFileReadsKeysOnlyInTheNamesAtItsTop() {
		Map<String, String> sources = LuaScriptSources.all();
		assertThat(sources).hasSizeGreaterThan(10);
		sources.forEach((name, source) -> assertThat(keyReadsBelowTheTop(source)).as(name).isEmpty());
	}

	@Test
	void everyScriptThatIsNoPreludeDeclaresItsKeys() {
		LuaScriptSources.all().forEach((name, source) -> {
			if (!LuaScriptSources.isPrelude(name)) {
				assertThat(source.lines().anyMatch((line) -> line.startsWith("-- KEYS: "))).as(name).isTrue();
			}
		});
	}

	@Test
	void everyKindLibNamesExactlyTheKeysItDeclares() {
		List<String> libs = LuaScriptSources.kindLibs();
		assertThat(libs).containsExactlyInAnyOrder("bargain_lib", "flash_sale_lib", "group_lib");
		Map<String, String> sources = LuaScriptSources.all();
		for (String lib : libs) {
			int declared = ScriptKeys
				.declaredBy("a script of " + lib, "-- KEYS: see the kind's lib\n", Map.of(lib, sources.get(lib)))
				.count();
			Set<Integer> expected = IntStream.rangeClosed(1, declared).boxed().collect(Collectors.toSet());
			assertThat(namedIndexes(sources.get(lib))).as(lib).isEqualTo(expected);
		}
	}

	@Test
	void theKindsShareTheNamesOfTheKeysTheyShare() {
		Map<String, String> sources = LuaScriptSources.all();
		for (String lib : LuaScriptSources.kindLibs()) {
			assertThat(sources.get(lib)).as(lib)
				.contains("local state_key = KEYS[1]", "local buyers_key = KEYS[2]", "local orders_key = KEYS[3]",
						"local idem_key = KEYS[4]", "local outbox_key = KEYS[5]", "local timers_key = KEYS[6]");
		}
	}

	@Test
	void findsKeysReadBelowTheTop() {
		String named = "-- KEYS: 1 state\nlocal state_key = KEYS[1]\n\nreturn redis.call('GET', state_key)\n";
		assertThat(keyReadsBelowTheTop(named)).isEmpty();
		assertThat(keyReadsBelowTheTop("-- KEYS: 1 a\nlocal n = 1\nreturn redis.call('GET', KEYS[1])\n"))
			.containsExactly("return redis.call('GET', KEYS[1])");
		assertThat(keyReadsBelowTheTop("local a_key = KEYS[1]\nlocal x = f(KEYS) -- all of them\n"))
			.containsExactly("local x = f(KEYS)");
		assertThat(keyReadsBelowTheTop("local a = 1\n-- KEYS[2] in a comment is fine\nreturn a\n")).isEmpty();
	}

	/** The code lines below the top naming lines that mention KEYS. */
	static List<String> keyReadsBelowTheTop(String source) {
		List<String> reads = new ArrayList<>();
		boolean top = true;
		for (String line : source.lines().toList()) {
			String code = withoutComment(line).strip();
			if (top && (code.isEmpty() || NAMING.matcher(code).matches())) {
				continue;
			}
			top = false;
			if (KEYS.matcher(code).find()) {
				reads.add(code);
			}
		}
		return reads;
	}

	private static Set<Integer> namedIndexes(String source) {
		Set<Integer> indexes = new TreeSet<>();
		for (String line : source.lines().toList()) {
			String code = withoutComment(line).strip();
			if (NAMING.matcher(code).matches()) {
				Matcher index = INDEX.matcher(code);
				while (index.find()) {
					indexes.add(Integer.parseInt(index.group(1)));
				}
			}
		}
		return indexes;
	}

	/** The line up to its {@code --} comment, if any, outside string literals. */
	private static String withoutComment(String line) {
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
				return line.substring(0, i);
			}
		}
		return line;
	}

}
