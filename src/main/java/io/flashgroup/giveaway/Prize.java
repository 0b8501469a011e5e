package io.flashgroup.giveaway;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A winner's prize: WON until claimed, CLAIMED once claimed before {@code claimBy},
 * LAPSED (computed at read) when the window passed unclaimed.
 *
 * @param giveawayId the giveaway
 * @param entrant the winner's pseudonym
 * @param status WON, CLAIMED or LAPSED
 * @param claimBy the end of the claim window
 * @param claimedAt when it was claimed
 */
record Prize(long giveawayId, String entrant, String status, Instant claimBy, @Nullable Instant claimedAt) {
}
