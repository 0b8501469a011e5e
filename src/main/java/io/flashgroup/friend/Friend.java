package io.flashgroup.friend;

import java.time.Instant;

/**
 * A friend as the shopper sees them.
 *
 * @param userId the friend's user id
 * @param displayName the friend's display name as last seen
 * @param since when the friendship began
 */
public record Friend(String userId, String displayName, Instant since) {
}
