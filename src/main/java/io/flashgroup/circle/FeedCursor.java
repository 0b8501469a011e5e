package io.flashgroup.circle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * Where a page of the feed or of search results ends: the last item's distance (search
 * ranks by it first; 0 in the feed), creation time and id. Opaque to clients (base64url).
 *
 * @param distance the last item's distance, 0 when not ranked by it
 * @param createdAt the last item's creation time, epoch ms
 * @param id the last item's id
 */
record FeedCursor(int distance, long createdAt, long id) {

	String encode() {
		String text = this.distance + ":" + this.createdAt + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The cursor a client sent back; null for the first page; a 400 when it is not ours.
	 */
	static @Nullable FeedCursor decode(@Nullable String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
			if (parts.length != 3) {
				throw new IllegalArgumentException(cursor);
			}
			return new FeedCursor(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.invalidField("cursor", "must be a nextCursor this API returned");
		}
	}

}
