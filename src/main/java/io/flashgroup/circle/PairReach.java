package io.flashgroup.circle;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * How far one author is from a viewer in the circle, by {@code circle_reach}: distance 1
 * or 2 (with the mutual friend shown as "via"), empty when farther, blocked either way,
 * or the viewer themselves. Stands in for the friend package's {@code Reach} until it
 * lands.
 */
@Component
class PairReach {

	/**
	 * {@code circle_reach($1)} narrowed to the author $2 before it is computed: the
	 * viewer's unblocked friends, then whether the author is one of them or a friend of
	 * one (the lowest-id such friend is "via"), so a claim never computes a whole reach.
	 */
	private static final String PAIR = """
			WITH blocked AS (
			    SELECT blocked AS user_id FROM friend_blocks WHERE blocker = $1
			    UNION
			    SELECT blocker FROM friend_blocks WHERE blocked = $1
			), near AS (
			    SELECT e.friend_id FROM friend_edges e
			    WHERE e.user_id = $1 AND e.friend_id NOT IN (SELECT user_id FROM blocked)
			), path AS (
			    SELECT 1 AS distance, NULL::text AS via FROM near WHERE friend_id = $2
			    UNION ALL
			    SELECT 2, min(e.user_id) FROM friend_edges e JOIN near n ON e.user_id = n.friend_id
			    WHERE e.friend_id = $2 AND $2 <> $1 AND $2 NOT IN (SELECT user_id FROM blocked)
			    HAVING count(*) > 0
			)
			SELECT p.distance, p.via, coalesce(u.display_name, p.via) AS via_name
			FROM path p LEFT JOIN circle_users u ON u.user_id = p.via
			ORDER BY p.distance LIMIT 1
			""";

	private final DatabaseClient db;

	PairReach(DatabaseClient db) {
		this.db = db;
	}

	Mono<Optional<Path>> path(String viewer, String author) {
		if (viewer.equals(author)) {
			return Mono.just(Optional.empty());
		}
		return this.db.sql(PAIR)
			.bind(0, viewer)
			.bind(1, author)
			.map((row) -> new Path(row.get("distance", Integer.class), row.get("via", String.class),
					row.get("via_name", String.class)))
			.one()
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * A viewer's path to an author.
	 *
	 * @param distance 1 (friends) or 2 (a friend's friend)
	 * @param viaUserId the mutual friend at distance 2
	 * @param viaName their display name
	 */
	record Path(int distance, @Nullable String viaUserId, @Nullable String viaName) {
	}

}
