package io.flashgroup.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every file under {@code scripts/}, read from the classpath: the scripts, the preludes
 * ({@code *_lib}), among them the kind libs (those that declare the KEYS of their kind's
 * scripts), and the kind lib each script takes its KEYS from, as its header says.
 */
final class LuaScriptSources {

	private static final Pattern SEE_FILE = Pattern.compile("see (\\w+)\\.lua");

	private LuaScriptSources() {
	}

	/** Name (without {@code .lua}) to source, every file. */
	static Map<String, String> all() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:scripts/*.lua");
			Map<String, String> sources = new TreeMap<>();
			for (Resource file : files) {
				sources.put(file.getFilename().replace(".lua", ""), file.getContentAsString(StandardCharsets.UTF_8));
			}
			return sources;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean isPrelude(String name) {
		return name.endsWith("_lib");
	}

	/** The kind preludes: each names the KEYS of every script of its kind. */
	static List<String> kindLibs() {
		return all().entrySet()
			.stream()
			.filter((file) -> isPrelude(file.getKey()) && file.getValue().contains("the same KEYS:"))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * The prelude sets a script is loaded with: none, the one its header names
	 * ({@code see group_lib.lua}), or each kind's lib in turn ({@code see the kind's
	 * lib}).
	 */
	static List<String[]> preludesOf(String source) {
		String header = source.lines().filter((line) -> line.startsWith("-- KEYS")).findFirst().orElse("");
		Matcher file = SEE_FILE.matcher(header);
		if (file.find()) {
			return List.<String[]>of(new String[] { file.group(1) });
		}
		if (header.contains("see ")) {
			List<String[]> each = new ArrayList<>();
			kindLibs().forEach((lib) -> each.add(new String[] { lib }));
			return each;
		}
		return List.<String[]>of(new String[0]);
	}

	static String describe(String name, String[] preludes) {
		return name + " with " + Arrays.toString(preludes);
	}

}
