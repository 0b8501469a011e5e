package io.flashgroup.circle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How posts are searched: lower-cased text and its character bigrams, the same for CJK
 * and Latin text and under any collation. A post's bigrams go into a GIN index; a query's
 * bigrams find candidates with {@code @>}, and {@code LIKE} on the text rechecks them
 * (bigrams match out of order). Bigrams never cross from one field into the next.
 */
final class SearchText {

	/** Separates the fields in the searchable text; a query may not contain it. */
	static final String SEPARATOR = "\n";

	private SearchText() {
	}

	/** The searchable text of a post: title, SKU and note, lower-cased. */
	static String of(String title, String sku, String note) {
		return lower(title) + SEPARATOR + lower(sku) + SEPARATOR + lower(note);
	}

	/** Every distinct bigram of each field (a one-character field gives none). */
	static String[] bigramsOf(String title, String sku, String note) {
		Set<String> all = new LinkedHashSet<>();
		for (String field : List.of(title, sku, note)) {
			all.addAll(bigrams(lower(field)));
		}
		return all.toArray(String[]::new);
	}

	static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

	/** The distinct bigrams of a lower-cased text, by code point (an emoji is one). */
	static Set<String> bigrams(String text) {
		int[] points = text.codePoints().toArray();
		Set<String> bigrams = new LinkedHashSet<>();
		for (int i = 0; i + 1 < points.length; i++) {
			bigrams.add(new String(points, i, 2));
		}
		return bigrams;
	}

	/** {@code text} as a LIKE pattern that matches it anywhere, wildcards escaped. */
	static String containing(String text) {
		return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
