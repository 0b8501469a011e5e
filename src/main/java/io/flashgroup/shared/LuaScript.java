package io.flashgroup.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script from {@code src/main/resources/scripts}, with the shared prelude
 * ({@code lib.lua}) prepended and its SHA-1 computed locally for {@code EVALSHA}.
 *
 * @param name short name, used as a metric tag
 * @param body full source sent to Redis
 * @param sha SHA-1 of the body, as Redis computes it
 */
public record LuaScript(String name, String body, String sha) {

	private static final String PRELUDE = read("lib.lua");

	/** Loads {@code scripts/<name>.lua} with the shared prelude in front. */
	public static LuaScript load(String name) {
		String body = PRELUDE + "\n" + read(name + ".lua");
		return new LuaScript(name, body, sha1(body));
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
