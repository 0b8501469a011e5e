package io.flashgroup.friend;

import java.util.List;
import java.util.Map;

import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A shopper's friends: the list (cached), unfriending and blocking. Both take effect in
 * PostgreSQL at once, so the circle stops showing the other side the moment they commit.
 */
@Service
class Friendships {

	private final FriendRows rows;

	private final FriendCache cache;

	private final TransactionalOperator transaction;

	Friendships(FriendRows rows, FriendCache cache, TransactionalOperator transaction) {
		this.rows = rows;
		this.cache = cache;
		this.transaction = transaction;
	}

	Mono<List<Friend>> friends(String userId) {
		return this.cache.friends(userId);
	}

	/** Ends the friendship, if there is one. */
	Mono<Void> unfriend(String userId, String friendId) {
		return this.rows.unfriend(userId, friendId)
			.flatMap((ended) -> ended ? this.cache.changed(userId, friendId) : Mono.empty());
	}

	/**
	 * Blocks {@code blockedId}: ends the friendship, cancels pending invitations both
	 * ways, refuses new ones both ways and hides each from the other in the circle.
	 */
	Mono<Void> block(String userId, String blockedId) {
		if (userId.equals(blockedId)) {
			return Mono.error(
					new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "self-block", "You cannot block yourself"));
		}
		Mono<Void> blocked = this.rows.lock(userId, blockedId).then(this.rows.block(userId, blockedId));
		return this.transaction.transactional(blocked).then(this.cache.changed(userId, blockedId));
	}

	/**
	 * Lifts the shopper's block of {@code blockedId}, if there is one (they stay
	 * unfriended).
	 */
	Mono<Void> unblock(String userId, String blockedId) {
		return this.rows.unblock(userId, blockedId)
			.flatMap((lifted) -> lifted ? this.cache.changed(userId, blockedId) : Mono.empty());
	}

	/** Why two shoppers may not become friends now, if anything forbids it. */
	static Mono<Void> refuseFriendship(FriendRows.Pair pair, FriendProperties properties) {
		if (pair.blocked()) {
			return Mono.error(blocked());
		}
		int max = properties.maxFriends();
		if (!pair.friends() && (pair.friendsOfA() >= max || pair.friendsOfB() >= max)) {
			String whose = (pair.friendsOfA() >= max) ? "You have" : "They have";
			return Mono.error(ProblemException.conflict("friend-limit-reached",
					whose + " " + max + " friends already, the most allowed", Map.of("maxFriends", max)));
		}
		return Mono.empty();
	}

	static ProblemException blocked() {
		return ProblemException.conflict("blocked", "One of you has blocked the other", Map.of());
	}

}
