package io.flashgroup.friend;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Whether one shopper can see another in the circle, and how: the one-pair answer of the
 * SQL function {@code circle_reach(viewer)} (feeds and searches join that function
 * themselves). Read from PostgreSQL, never a cache, so an unfriend or a block hides a
 * post the moment it commits.
 */
@Service
public class Reach {

	/**
	 * The same rules as {@code circle_reach}, for one author: a friend is distance 1, a
	 * friend of a friend distance 2 via the lowest-id mutual friend the viewer has not
	 * blocked (nor been blocked by); nothing across a block either way, nothing for the
	 * viewer themselves.
	 */
	private static final String PATH = """
			WITH viewer_blocks AS (
			    SELECT blocked AS user_id FROM friend_blocks WHERE blocker = $1::text
			    UNION
			    SELECT blocker FROM friend_blocks WHERE blocked = $1::text
			), found AS (
			    SELECT 1 AS distance, NULL::text AS via FROM friendships
			    WHERE user_low = least($1::text, $2::text) AND user_high = greatest($1::text, $2::text)
			    UNION ALL
			    SELECT 2, min(mine.friend_id) FROM friend_edges mine
			    JOIN friend_edges theirs ON theirs.user_id = mine.friend_id AND theirs.friend_id = $2::text
			    WHERE mine.user_id = $1::text AND mine.friend_id NOT IN (SELECT user_id FROM viewer_blocks)
			    HAVING count(*) > 0
			)
			SELECT f.distance, f.via, u.display_name AS via_name
			FROM found f LEFT JOIN circle_users u ON u.user_id = f.via
			WHERE $1::text <> $2::text AND $2::text NOT IN (SELECT user_id FROM viewer_blocks)
			ORDER BY f.distance LIMIT 1
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
