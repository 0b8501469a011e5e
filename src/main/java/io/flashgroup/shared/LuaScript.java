package io.flashgroup.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script from {@code src/main/resources/scripts}, with the prelude every script
 * shares ({@code campaign_lib.lua}: clock, status, the open gate, orders) and its kind's
 * prelude ({@code flash_sale_lib}, {@code group_lib}, {@code bargain_lib}, which names
 * the KEYS every script of the kind gets) prepended, and its SHA-1 computed locally for
 * {@code EVALSHA}.
 *
 * @param name short name, used as a metric tag
 * @param body full source sent to Redis
 * @param sha SHA-1 of the body, as Redis computes it
 * @param keys the KEYS its header declares, which every call must pass
 */
public record LuaScript(String name, String body, String sha, ScriptKeys keys) {

	private static final String PRELUDE = read("campaign_lib.lua");

	/** Loads {@code scripts/<name>.lua} with the shared prelude in front. */
	public static LuaScript load(String name) {
		return load(name, new String[0]);
	}

	/**
	 * Loads {@code scripts/<name>.lua} with the shared prelude and then the named extra
	 * preludes (e.g. its kind's {@code group_lib}) in front.
	 */
	public static LuaScript load(String name, String... preludes) {
		StringBuilder body = new StringBuilder(PRELUDE).append('\n');
		Map<String, String> extra = new LinkedHashMap<>();
		for (String prelude : preludes) {
			String text = read(prelude + ".lua");
			extra.put(prelude, text);
			body.append(text).append('\n');
		}
		String own = read(name + ".lua");
		String source = body.append(own).toString();
		return new LuaScript(name, source, sha1(source), ScriptKeys.declaredBy(name, own, extra));
	}

	/**
	 * The same script under another name: a script every kind shares (e.g.
	 * {@code campaign_timers}) keeps one metric tag per kind.
	 */
	public LuaScript named(String name) {
		return new LuaScript(name, this.body, this.sha, this.keys);
	}

	private static String read(String file) {
		try (InputStream in = new ClassPathResource("scripts/" + file).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read script " + file, ex);
		}
	}

	private static String sha1(String body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
