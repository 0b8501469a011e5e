package io.flashgroup.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The KEYS a script declares in its header comment, so a caller passing another number
 * fails at once, in the first test that runs it, instead of a script reading
 * {@code KEYS[11]} as nil. Forms read: {@code -- KEYS: 1 state, 2 outbox} (continued on
 * the comment lines up to {@code ARGV} or {@code Returns}), {@code 3..} for "3 or more",
 * {@code KEYS[1] bucket}, {@code see group_lib.lua}, which reads that prelude's
 * {@code ... the same KEYS:} list (the script must be loaded with it), and
 * {@code see the kind's lib}, for the scripts every kind shares, which reads the list of
 * the one kind prelude it is loaded with.
 *
 * @param count the keys declared (the least number, when {@code orMore})
 * @param orMore whether more keys may follow
 */
public record ScriptKeys(int count, boolean orMore) {

	private static final Pattern NUMBERED = Pattern.compile("(?:^\\[?|[:,]\\s*)(\\d+)(\\.\\.)?");

	private static final Pattern SEE_FILE = Pattern.compile("see (\\w+)\\.lua");

	private static final String SHARED_LIST = "the same KEYS:";

	/** Whether {@code n} keys are what the script declares. */
	public boolean accepts(int n) {
		return this.orMore ? n >= this.count : n == this.count;
	}

	/**
	 * Reads the declaration from a script's source.
	 * @param name the script's name, for the error
	 * @param script the script's own source (without preludes)
	 * @param preludes the preludes it is loaded with, in order: name (e.g.
	 * {@code group_lib}) to source
	 * @return the declaration
	 * @throws IllegalStateException when the header declares no KEYS, or refers to a
	 * prelude's list that the preludes it is loaded with do not hold
	 */
	static ScriptKeys declaredBy(String name, String script, Map<String, String> preludes) {
		List<String> lines = script.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (!line.startsWith("-- KEYS")) {
				continue;
			}
			if (line.contains("see ")) {
				return fromPrelude(name, line, preludes);
			}
			ScriptKeys own = fromList(lines.subList(i, lines.size()), "-- KEYS");
			if (own != null) {
				return own;
			}
		}
		throw new IllegalStateException("Script " + name + " declares no KEYS in its header");
	}

	/** The list of the prelude the header names, or of the one kind lib loaded. */
	private static ScriptKeys fromPrelude(String name, String line, Map<String, String> preludes) {
		Matcher file = SEE_FILE.matcher(line);
		if (file.find()) {
			String prelude = preludes.get(file.group(1));
			ScriptKeys shared = (prelude != null) ? fromList(prelude.lines().toList(), SHARED_LIST) : null;
			if (shared == null) {
				throw new IllegalStateException("Script " + name + " takes the KEYS of " + file.group(1)
						+ ".lua but is loaded with " + preludes.keySet());
			}
			return shared;
		}
		List<ScriptKeys> declared = new ArrayList<>();
		for (String prelude : preludes.values()) {
			ScriptKeys shared = fromList(prelude.lines().toList(), SHARED_LIST);
			if (shared != null) {
				declared.add(shared);
			}
		}
		if (declared.size() != 1) {
			throw new IllegalStateException("Script " + name + " takes its kind's KEYS but is loaded with "
					+ declared.size() + " kind preludes declaring them: " + preludes.keySet());
		}
		return declared.get(0);
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
