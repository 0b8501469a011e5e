package io.flashgroup.friend;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An invitation by user id: PENDING until the invitee accepts (ACCEPTED) or declines
 * (DECLINED), or a block between the two ends it (CANCELLED).
 */
public record Invitation(long id, String inviterId, String inviterName, String inviteeId, String inviteeName,
		String status, Instant createdAt, @Nullable Instant decidedAt) {

	/** A shopper's pending invitations, both ways, newest first. */
	public record Pending(List<Invitation> received, List<Invitation> sent) {
	}

}
