package io.flashgroup.friend;

import java.util.Collection;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * How shoppers appear to each other in the circle ("via Alice"): the display name each
 * one's token carried when they last used the circle ({@code circle_users}).
 */
@Service
public class People {

	// Writes only when the name changed, so a visit costs a read, not a row version.
	private static final String REMEMBER = """
			INSERT INTO circle_users (user_id, display_name) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = now()
			 WHERE circle_users.display_name <> excluded.display_name
			""";

	private final DatabaseClient db;

	private final FriendCache cache;

	People(DatabaseClient db, FriendCache cache) {
		this.db = db;
		this.cache = cache;
	}

	/**
	 * Remembers the shopper's display name (see {@code security.DisplayNames}); a new
	 * name is announced like a friend change of the shopper with themselves, since the
	 * feeds of their friends' friends show it ("via").
	 */
	public Mono<Void> remember(String userId, String displayName) {
		return this.db.sql(REMEMBER)
			.bind(0, userId)
			.bind(1, displayName)
			.fetch()
			.rowsUpdated()
			.flatMap((updated) -> (updated > 0) ? this.cache.changed(userId, userId) : Mono.empty());
	}

	/**
	 * The display names of the users known to the circle among {@code userIds}; the
	 * others are absent (show their user id, or nothing).
	 */
	public Mono<Map<String, String>> names(Collection<String> userIds) {
		if (userIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql("SELECT user_id, display_name FROM circle_users WHERE user_id = ANY($1::text[])")
			.bind(0, userIds.toArray(String[]::new))
			.map((row) -> Map.entry(row.get("user_id", String.class), row.get("display_name", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

}
