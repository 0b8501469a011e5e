package io.flashgroup.friend;

import java.time.Instant;

/**
 * A code (and the link that carries it) that makes whoever redeems it a friend of its
 * owner at once.
 */
public record InviteCode(String code, String link, int maxRedemptions, int redemptions, Instant expiresAt) {

	static InviteCode of(String code, int maxRedemptions, int redemptions, Instant expiresAt) {
		return new InviteCode(code, "/circle?invite=" + code, maxRedemptions, redemptions, expiresAt);
	}

}
