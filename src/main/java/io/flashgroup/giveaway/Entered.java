package io.flashgroup.giveaway;

import java.time.Instant;

/**
 * A shopper's entry, the same answer each time they enter.
 *
 * @param giveawayId the giveaway
 * @param entrant their pseudonym in its published entries
 * @param level their level when they entered
 * @param weight the weight that level gave, frozen for the draw
 * @param enteredAt when they entered
 */
record Entered(long giveawayId, String entrant, int level, int weight, Instant enteredAt) {
}
