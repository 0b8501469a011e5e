package io.flashgroup.level;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /api/me/level} answers.
 *
 * @param level the level settled XP reaches
 * @param xp settled XP
 * @param pendingXp XP of purchases still within the refund window (net of reversals)
 * @param nextThreshold settled XP the next level needs; null at the top
 * @param recent the newest entries first
 */
record MyLevel(int level, long xp, long pendingXp, @Nullable Integer nextThreshold, List<Entry> recent) {

	/**
	 * One ledger entry.
	 *
	 * @param kind SHARE, CLAIM, PURCHASE or REVERSAL
	 * @param amount what it counts (negative for a reversal)
	 * @param status PENDING (before it settles), SETTLED, or REVERSED (a reversal took it
	 * back)
	 * @param reason why it counts less than the rule's amount: DAILY_CAP,
	 * SAME_FRIEND_TODAY, NEW_FRIENDSHIP; absent otherwise
	 * @param at when the event happened
	 * @param settlesAt when it counts
	 */
	record Entry(String kind, int amount, String status, @Nullable String reason, Instant at, Instant settlesAt) {
	}

}
