package io.flashgroup.shared;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The KEYS a script declares in its header comment, so a caller passing another number
 * fails at once, in the first test that runs it, instead of a script reading
 * {@code KEYS[11]} as nil. Forms read: {@code -- KEYS: 1 state, 2 outbox} (continued on
 * the comment lines up to {@code ARGV} or {@code Returns}), {@code 3..} for "3 or more",
 * {@code KEYS[1] bucket}, and {@code see group_lib.lua}, which reads the prelude's
 * {@code ... the same KEYS:} list.
 *
 * @param count the keys declared (the least number, when {@code orMore})
 * @param orMore whether more keys may follow
 */
public record ScriptKeys(int count, boolean orMore) {

	private static final Pattern NUMBERED = Pattern.compile("(?:^\\[?|[:,]\\s*)(\\d+)(\\.\\.)?");

	/** Whether {@code n} keys are what the script declares. */
	public boolean accepts(int n) {
		return this.orMore ? n >= this.count : n == this.count;
	}

	/**
	 * Reads the declaration from a script's source.
	 * @param name the script's name, for the error
	 * @param script the script's own source (without preludes)
	 * @param preludes the sources of the preludes it is loaded with, in order
	 * @return the declaration
	 * @throws IllegalStateException when the header declares no KEYS
	 */
	static ScriptKeys declaredBy(String name, String script, List<String> preludes) {
		List<String> lines = script.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (!line.startsWith("-- KEYS")) {
				continue;
			}
			if (line.contains("see ")) {
				for (String prelude : preludes) {
					ScriptKeys shared = fromList(prelude.lines().toList(), "the same KEYS:");
					if (shared != null) {
						return shared;
					}
				}
				break;
			}
			ScriptKeys own = fromList(lines.subList(i, lines.size()), "-- KEYS");
			if (own != null) {
				return own;
			}
		}
		throw new IllegalStateException("Script " + name + " declares no KEYS in its header");
	}

	private static @Nullable ScriptKeys fromList(List<String> lines, String start) {
		int from = -1;
		for (int i = 0; i < lines.size() && from < 0; i++) {
			if (lines.get(i).contains(start)) {
				from = i;
			}
		}
		if (from < 0) {
			return null;
		}
		int highest = 0;
		boolean orMore = false;
		for (int i = from; i < lines.size(); i++) {
			String line = lines.get(i);
			if (!line.startsWith("--") || (i > from && (line.contains("ARGV") || line.contains("Returns")))) {
				break;
			}
			String text = (i == from) ? line.substring(line.indexOf(start) + start.length()) : line.substring(2);
			Matcher numbers = NUMBERED.matcher(text.strip());
			while (numbers.find()) {
				highest = Math.max(highest, Integer.parseInt(numbers.group(1)));
				orMore |= numbers.group(2) != null;
			}
		}
		return (highest > 0) ? new ScriptKeys(highest, orMore) : null;
	}

}
