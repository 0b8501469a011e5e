package io.flashgroup.friend;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The friend graph in PostgreSQL: friendships (one row per pair, lower id first), blocks
 * and invitations. Writers hold {@link #lock} on the users they change, so the limits and
 * checks they read stay true until they commit.
 */
@Component
class FriendRows {

	/**
	 * Transaction-scoped advisory locks on users, taken in one order (by key) so two
	 * writers on overlapping pairs never deadlock.
	 */
	private static final String LOCK = """
			SELECT pg_advisory_xact_lock(k) FROM (
			    SELECT DISTINCT hashtextextended('friend:' || u, 0) AS k FROM unnest($1::text[]) AS u ORDER BY k
			) AS keys
			""";

	private static final String PAIR = """
			SELECT EXISTS (SELECT 1 FROM friend_blocks
			               WHERE (blocker = $1::text AND blocked = $2::text)
			                  OR (blocker = $2::text AND blocked = $1::text)) AS blocked,
			       EXISTS (SELECT 1 FROM friendships
			               WHERE user_low = least($1::text, $2::text)
			                 AND user_high = greatest($1::text, $2::text)) AS friends,
			       (SELECT count(*) FROM friend_edges WHERE user_id = $1::text) AS friends_of_a,
			       (SELECT count(*) FROM friend_edges WHERE user_id = $2::text) AS friends_of_b,
			       (SELECT id FROM friend_invitations
			        WHERE inviter = $1::text AND invitee = $2::text AND status = 'PENDING') AS sent,
			       (SELECT id FROM friend_invitations
			        WHERE inviter = $2::text AND invitee = $1::text AND status = 'PENDING') AS received
			""";

	private static final String FRIENDS = """
			SELECT e.friend_id, coalesce(u.display_name, e.friend_id) AS display_name, e.since
			FROM friend_edges e LEFT JOIN circle_users u ON u.user_id = e.friend_id
			WHERE e.user_id = $1
			""";

	private static final String BEFRIEND = """
			INSERT INTO friendships (user_low, user_high) VALUES (least($1::text, $2::text), greatest($1::text, $2::text))
			ON CONFLICT DO NOTHING
			""";

	private static final String SETTLE_INVITATIONS = """
			UPDATE friend_invitations SET status = $3, decided_at = now()
			WHERE status = 'PENDING' AND ((inviter = $1 AND invitee = $2) OR (inviter = $2 AND invitee = $1))
			""";

	private final DatabaseClient db;

	FriendRows(DatabaseClient db) {
		this.db = db;
	}

	/** Locks the users until the transaction ends. */
	Mono<Void> lock(String... userIds) {
		return this.db.sql(LOCK).bind(0, userIds).fetch().all().then();
	}

	/** What is true between {@code a} and {@code b}, seen from {@code a}. */
	Mono<Pair> pair(String a, String b) {
		return this.db.sql(PAIR)
			.bind(0, a)
			.bind(1, b)
			.map((row) -> new Pair(Boolean.TRUE.equals(row.get("blocked", Boolean.class)),
					Boolean.TRUE.equals(row.get("friends", Boolean.class)), row.get("friends_of_a", Long.class),
					row.get("friends_of_b", Long.class), row.get("sent", Long.class), row.get("received", Long.class)))
			.one();
	}

	/**
	 * Uses in the rolling day of a daily allowance, and seconds until the oldest leaves
	 * it.
	 */
	Mono<DailyUse> usedToday(String table, String userColumn, String userId) {
		return this.db
			.sql("SELECT count(*) AS n, ceil(extract(epoch FROM min(created_at) + interval '1 day' - now()))::bigint"
					+ " AS retry FROM " + table + " WHERE " + userColumn + " = $1 AND created_at > now() - interval"
					+ " '1 day'")
			.bind(0, userId)
			.map((row) -> new DailyUse(row.get("n", Long.class), row.get("retry", Long.class)))
			.one();
	}

	Flux<Friend> friends(String userId) {
		return this.db.sql(FRIENDS).bind(0, userId).map(FriendRows::friend).all();
	}

	private static Friend friend(Readable row) {
		return new Friend(row.get("friend_id", String.class), row.get("display_name", String.class),
				instant(row.get("since", OffsetDateTime.class)));
	}

	/**
	 * Makes the two friends (a no-op if they are) and settles any pending invitation
	 * between them as ACCEPTED; the friendship as {@code a} sees it.
	 */
	Mono<Friend> befriend(String a, String b) {
		return this.db.sql(BEFRIEND)
			.bind(0, a)
			.bind(1, b)
			.fetch()
			.rowsUpdated()
			.then(settleInvitations(a, b, "ACCEPTED"))
			.then(this.db.sql(FRIENDS + " AND e.friend_id = $2").bind(0, a).bind(1, b).map(FriendRows::friend).one());
	}

	/** Ends the friendship; whether there was one. */
	Mono<Boolean> unfriend(String a, String b) {
		return this.db
			.sql("DELETE FROM friendships WHERE user_low = least($1::text, $2::text)"
					+ " AND user_high = greatest($1::text, $2::text)")
			.bind(0, a)
			.bind(1, b)
			.fetch()
			.rowsUpdated()
			.map((deleted) -> deleted > 0);
	}

	Mono<Void> block(String blocker, String blocked) {
		return this.db.sql("INSERT INTO friend_blocks (blocker, blocked) VALUES ($1, $2) ON CONFLICT DO NOTHING")
			.bind(0, blocker)
			.bind(1, blocked)
			.fetch()
			.rowsUpdated()
			.then(unfriend(blocker, blocked))
			.then(settleInvitations(blocker, blocked, "CANCELLED"));
	}

	/** Lifts a block; whether there was one. */
	Mono<Boolean> unblock(String blocker, String blocked) {
		return this.db.sql("DELETE FROM friend_blocks WHERE blocker = $1 AND blocked = $2")
			.bind(0, blocker)
			.bind(1, blocked)
			.fetch()
			.rowsUpdated()
			.map((deleted) -> deleted > 0);
	}

	/** Closes every pending invitation between the two, either way, with a status. */
	Mono<Void> settleInvitations(String a, String b, String status) {
		return this.db.sql(SETTLE_INVITATIONS).bind(0, a).bind(1, b).bind(2, status).fetch().rowsUpdated().then();
	}

	static Instant instant(OffsetDateTime time) {
		return time.toInstant();
	}

	static @Nullable Instant instantOrNull(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/**
	 * What holds between two users, seen from the first.
	 *
	 * @param sent a's pending invitation to b, or null
	 * @param received b's pending invitation to a, or null
	 */
	record Pair(boolean blocked, boolean friends, long friendsOfA, long friendsOfB, @Nullable Long sent,
			@Nullable Long received) {
	}

	/**
	 * Uses of a daily allowance.
	 *
	 * @param used uses in the last 24 hours
	 * @param retryAfterSeconds seconds until the oldest of them is a day old (null when
	 * none)
	 */
	record DailyUse(long used, @Nullable Long retryAfterSeconds) {

		long retryAfter() {
			return (this.retryAfterSeconds != null) ? this.retryAfterSeconds : 1;
		}

	}

}
