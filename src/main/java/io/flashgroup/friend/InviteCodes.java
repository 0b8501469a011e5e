package io.flashgroup.friend;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import io.flashgroup.shared.ProblemException;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Invite codes: a shopper makes one (within the daily allowance) and whoever redeems it
 * becomes their friend at once, up to the code's redemptions, before it expires, once per
 * shopper. Redemptions of one code serialize on its owner's lock, so a rush on a code
 * makes exactly as many friendships as it allows.
 */
@Service
class InviteCodes {

	/** No 0/O or 1/I: codes are read aloud and typed. 32 symbols, 10 of them: 50 bits. */
	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final int LENGTH = 10;

	private static final String COLUMNS = "code, owner, max_redemptions, redemptions, expires_at, expires_at <= now()"
			+ " AS expired";

	private final DatabaseClient db;

	private final FriendRows rows;

	private final FriendCache cache;

	private final TransactionalOperator transaction;

	private final FriendProperties properties;

	private final SecureRandom random;

	InviteCodes(DatabaseClient db, FriendRows rows, FriendCache cache, TransactionalOperator transaction,
			FriendProperties properties) throws NoSuchAlgorithmException {
		this.db = db;
		this.rows = rows;
		this.cache = cache;
		this.transaction = transaction;
		this.properties = properties;
		// DRBG reads the system's entropy once, when seeded: here at startup, not on an
		// event loop where a read of /dev/urandom would be a blocking call.
		this.random = SecureRandom.getInstance("DRBG");
		this.random.nextInt();
	}

	Mono<InviteCode> create(String owner) {
		Mono<Row> created = this.rows.lock(owner)
			.then(withinAllowance(owner))
			.then(Mono.fromSupplier(this::newCode))
			.flatMap((code) -> this.db
				.sql("INSERT INTO invite_codes (code, owner, max_redemptions, expires_at)"
						+ " VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING " + COLUMNS)
				.bind(0, code)
				.bind(1, owner)
				.bind(2, this.properties.redemptionsPerCode())
				.bind(3, (double) this.properties.codeLifetime().toMillis() / 1000)
				.map(InviteCodes::row)
				.one());
		return this.transaction.transactional(created).map(Row::view);
	}

	/**
	 * Redeems the code: its owner's friendship. Refusals in order: unknown, own code,
	 * expired, used up (these before any lock, so a rush on a used-up code queues on
	 * nothing), then under both users' locks: blocked, friends already, a friend limit,
	 * redeemed by this shopper before, and expired or used up again.
	 */
	Mono<Friend> redeem(String userId, String code) {
		Mono<Friend> redeemed = find(code, "").flatMap((found) -> usable(found, userId))
			.flatMap((found) -> this.rows.lock(userId, found.owner()).then(find(code, " FOR UPDATE")))
			.flatMap((locked) -> this.rows.pair(userId, locked.owner())
				.flatMap((pair) -> pair.friends() ? Mono.error(alreadyFriends(locked.owner()))
						: Friendships.refuseFriendship(pair, this.properties))
				.then(notRedeemedBy(locked, userId))
				.then(usable(locked, userId))
				.then(record(locked.code(), userId))
				.then(this.rows.befriend(userId, locked.owner())));
		return this.transaction.transactional(redeemed)
			.flatMap((friend) -> this.cache.changed(userId, friend.userId()).thenReturn(friend));
	}

	private Mono<Row> find(String code, String lock) {
		return this.db.sql("SELECT " + COLUMNS + " FROM invite_codes WHERE code = $1" + lock)
			.bind(0, code)
			.map(InviteCodes::row)
			.one()
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Invite code " + code)));
	}

	private static Mono<Row> usable(Row code, String userId) {
		if (code.owner().equals(userId)) {
			return Mono.error(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "own-invite-code",
					"You cannot redeem your own invite code"));
		}
		if (code.expired()) {
			return Mono.error(ProblemException.conflict("invite-code-expired", "The invite code has expired",
					Map.of("expiresAt", code.expiresAt())));
		}
		if (code.redemptions() >= code.maxRedemptions()) {
			return Mono.error(ProblemException.conflict("invite-code-exhausted",
					"The invite code has been redeemed " + code.maxRedemptions() + " times, the most it allows",
					Map.of("maxRedemptions", code.maxRedemptions())));
		}
		return Mono.just(code);
	}

	private Mono<Void> notRedeemedBy(Row code, String userId) {
		return this.db.sql("SELECT 1 FROM invite_code_redemptions WHERE code = $1 AND user_id = $2")
			.bind(0, code.code())
			.bind(1, userId)
			.map((row) -> 1)
			.one()
			.flatMap((redeemed) -> Mono.error(ProblemException.conflict("already-redeemed",
					"You have redeemed this invite code already", Map.of())));
	}

	private Mono<Void> record(String code, String userId) {
		return this.db.sql("INSERT INTO invite_code_redemptions (code, user_id) VALUES ($1, $2)")
			.bind(0, code)
			.bind(1, userId)
			.fetch()
			.rowsUpdated()
			.then(this.db.sql("UPDATE invite_codes SET redemptions = redemptions + 1 WHERE code = $1")
				.bind(0, code)
				.fetch()
				.rowsUpdated())
			.then();
	}

	private Mono<Void> withinAllowance(String owner) {
		int limit = this.properties.inviteCodesPerDay();
		return this.rows.usedToday("invite_codes", "owner", owner)
			.flatMap((use) -> (use.used() >= limit)
					? Mono.error(new DailyLimitReached("invite codes", limit, use.retryAfter())) : Mono.empty());
	}

	private String newCode() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	static ProblemException alreadyFriends(String userId) {
		return ProblemException.conflict("already-friends", "You are friends already", Map.of("userId", userId));
	}

	private static Row row(Readable row) {
		return new Row(row.get("code", String.class), row.get("owner", String.class),
				row.get("max_redemptions", Integer.class), row.get("redemptions", Integer.class),
				FriendRows.instant(row.get("expires_at", OffsetDateTime.class)),
				Boolean.TRUE.equals(row.get("expired", Boolean.class)));
	}

	/** A code as stored. */
	private record Row(String code, String owner, int maxRedemptions, int redemptions, Instant expiresAt,
			boolean expired) {

		InviteCode view() {
			return InviteCode.of(this.code, this.maxRedemptions, this.redemptions, this.expiresAt);
		}

	}

}
