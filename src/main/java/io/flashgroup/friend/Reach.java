package io.flashgroup.friend;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Whether one shopper can see another in the circle, and how: the SQL function
 * {@code circle_path(viewer, author)}, the one-pair answer of
 * {@code circle_reach(viewer)} (feeds and searches use both themselves). Read from
 * PostgreSQL, never a cache, so an unfriend or a block hides a post the moment it
 * commits.
 */
@Service
public class Reach {

	/** {@code circle_path}: the same rules as {@code circle_reach}, for one author. */
	private static final String PATH = """
			SELECT v.distance, v.via, u.display_name AS via_name
			FROM circle_path($1, $2) v LEFT JOIN circle_users u ON u.user_id = v.via
			""";

	private final DatabaseClient db;

	Reach(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * How {@code viewer} reaches {@code author}: empty beyond distance 2, across a block,
	 * or for oneself.
	 */
	public Mono<Optional<Path>> path(String viewer, String author) {
		return this.db.sql(PATH)
			.bind(0, viewer)
			.bind(1, author)
			.map((row) -> new Path(row.get("distance", Integer.class), row.get("via", String.class),
					row.get("via_name", String.class)))
			.first()
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * How far an author is from a viewer.
	 *
	 * @param distance 1 (a friend) or 2 (a friend of a friend)
	 * @param viaUserId the mutual friend at distance 2, else null
	 * @param viaName the mutual friend's display name, null at distance 1 or when unknown
	 */
	public record Path(int distance, @Nullable String viaUserId, @Nullable String viaName) {
	}

}
