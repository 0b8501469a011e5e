package io.flashgroup.friend;

import java.time.OffsetDateTime;
import java.util.Map;

import io.flashgroup.shared.ProblemException;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Invitations by user id: sent (within the daily allowance), then accepted or declined by
 * the invitee alone. Each write is one PostgreSQL transaction holding both users' locks,
 * so duplicates, limits and blocks are checked against what commits.
 */
@Service
class Invitations {

	private static final String VIEW = """
			SELECT i.id, i.inviter, i.invitee, i.status, i.created_at, i.decided_at,
			       coalesce(a.display_name, i.inviter) AS inviter_name, coalesce(b.display_name, i.invitee) AS invitee_name
			FROM friend_invitations i
			LEFT JOIN circle_users a ON a.user_id = i.inviter
			LEFT JOIN circle_users b ON b.user_id = i.invitee
			""";

	private final DatabaseClient db;

	private final FriendRows rows;

	private final FriendCache cache;

	private final TransactionalOperator transaction;

	private final FriendProperties properties;

	Invitations(DatabaseClient db, FriendRows rows, FriendCache cache, TransactionalOperator transaction,
			FriendProperties properties) {
		this.db = db;
		this.rows = rows;
		this.cache = cache;
		this.transaction = transaction;
		this.properties = properties;
	}

	/** Invites {@code invitee}: a PENDING invitation. */
	Mono<Invitation> invite(String inviter, String invitee) {
		if (inviter.equals(invitee)) {
			return Mono.error(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "self-invite",
					"You cannot invite yourself"));
		}
		Mono<Invitation> sent = this.rows.lock(inviter, invitee)
			.then(withinAllowance(inviter))
			.then(this.rows.pair(inviter, invitee))
			.flatMap((pair) -> refusal(pair, invitee))
			.then(insert(inviter, invitee));
		return this.transaction.transactional(sent);
	}

	/** The shopper's pending invitations, received and sent, newest first. */
	Mono<Invitation.Pending> pending(String userId) {
		Flux<Invitation> received = this.db
			.sql(VIEW + " WHERE i.invitee = $1 AND i.status = 'PENDING' ORDER BY i.id DESC")
			.bind(0, userId)
			.map(Invitations::invitation)
			.all();
		Flux<Invitation> sent = this.db.sql(VIEW + " WHERE i.inviter = $1 AND i.status = 'PENDING' ORDER BY i.id DESC")
			.bind(0, userId)
			.map(Invitations::invitation)
			.all();
		return Mono.zip(received.collectList(), sent.collectList())
			.map((both) -> new Invitation.Pending(both.getT1(), both.getT2()));
	}

	/** The invitee accepts: they become friends (within both friend limits). */
	Mono<Friend> accept(String invitee, long id) {
		Mono<Friend> accepted = pendingFor(invitee, id)
			.flatMap((invitation) -> this.rows.pair(invitee, invitation.inviterId())
				.flatMap((pair) -> Friendships.refuseFriendship(pair, this.properties))
				.then(this.rows.befriend(invitee, invitation.inviterId())));
		return this.transaction.transactional(accepted)
			.flatMap((friend) -> this.cache.changed(invitee, friend.userId()).thenReturn(friend));
	}

	/**
	 * The invitee declines: the invitation is DECLINED (the inviter may invite again).
	 */
	Mono<Invitation> decline(String invitee, long id) {
		Mono<Invitation> declined = pendingFor(invitee, id).flatMap((invitation) -> this.db
			.sql("UPDATE friend_invitations SET status = 'DECLINED', decided_at = now() WHERE id = $1")
			.bind(0, id)
			.fetch()
			.rowsUpdated()
			.then(find(id)));
		return this.transaction.transactional(declined);
	}

	/**
	 * The invitation, locked with both users, if {@code invitee} is its invitee (else a
	 * 404: nobody else learns it exists) and it is still PENDING (else a 409).
	 */
	private Mono<Invitation> pendingFor(String invitee, long id) {
		Mono<Invitation> mine = find(id).filter((invitation) -> invitation.inviteeId().equals(invitee))
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Invitation " + id)));
		return mine.flatMap((invitation) -> this.rows.lock(invitation.inviterId(), invitee))
			.then(find(id))
			.filter((invitation) -> "PENDING".equals(invitation.status()))
			.switchIfEmpty(Mono
				.defer(() -> find(id).flatMap((closed) -> Mono.error(ProblemException.conflict("invitation-closed",
						"The invitation is " + closed.status(), Map.of("invitation", closed))))));
	}

	private Mono<Invitation> find(long id) {
		return this.db.sql(VIEW + " WHERE i.id = $1").bind(0, id).map(Invitations::invitation).one();
	}

	private Mono<Void> withinAllowance(String inviter) {
		int limit = this.properties.invitationsPerDay();
		return this.rows.usedToday("friend_invitations", "inviter", inviter)
			.flatMap((use) -> (use.used() >= limit)
					? Mono.error(new DailyLimitReached("invitations", limit, use.retryAfter())) : Mono.empty());
	}

	private static Mono<Void> refusal(FriendRows.Pair pair, String invitee) {
		if (pair.blocked()) {
			return Mono.error(Friendships.blocked());
		}
		if (pair.friends()) {
			return Mono.error(InviteCodes.alreadyFriends(invitee));
		}
		Long pending = (pair.sent() != null) ? pair.sent() : pair.received();
		if (pending != null) {
			String detail = (pair.sent() != null) ? "You have invited them already"
					: "They have invited you already: accept their invitation";
			return Mono.error(ProblemException.conflict("invitation-pending", detail, Map.of("invitationId", pending)));
		}
		return Mono.empty();
	}

	private Mono<Invitation> insert(String inviter, String invitee) {
		return this.db
			.sql("INSERT INTO friend_invitations (inviter, invitee, status) VALUES ($1, $2, 'PENDING') RETURNING id")
			.bind(0, inviter)
			.bind(1, invitee)
			.map((row) -> row.get("id", Long.class))
			.one()
			.flatMap(this::find);
	}

	private static Invitation invitation(Readable row) {
		return new Invitation(row.get("id", Long.class), row.get("inviter", String.class),
				row.get("inviter_name", String.class), row.get("invitee", String.class),
				row.get("invitee_name", String.class), row.get("status", String.class),
				FriendRows.instant(row.get("created_at", OffsetDateTime.class)),
				FriendRows.instantOrNull(row.get("decided_at", OffsetDateTime.class)));
	}

}
