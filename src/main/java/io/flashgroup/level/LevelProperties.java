package io.flashgroup.level;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Experience rules and level thresholds. "A day" is a UTC calendar day of the event.
 *
 * @param share XP for sharing a paid order in the circle
 * @param claim XP for a friend's claim of one's coupon
 * @param purchase XP for a friend paying an order with one's coupon (pending until the
 * refund window has passed)
 * @param dailyCap most XP one shopper earns per day; what exceeds it is recorded with the
 * remainder (0 once reached) and the reason {@code DAILY_CAP}
 * @param minFriendship how old the friendship path between sharer and claimer must be at
 * claim time for a claim to count
 * @param refundWindow how long after payment a purchase may still be refunded: its XP
 * settles then
 * @param thresholds settled XP at which levels 1, 2, ... begin (strictly increasing)
 * @param settleInterval how often every node reverses refunded purchases and announces
 * purchases that settled
 * @param recent entries {@code GET /api/me/level} lists
 */
@Validated
@ConfigurationProperties("flashgroup.levels")
public record LevelProperties(@DefaultValue("5") @Min(0) int share, @DefaultValue("10") @Min(0) int claim,
		@DefaultValue("30") @Min(0) int purchase, @DefaultValue("100") @Min(1) int dailyCap,
		@DefaultValue("24h") Duration minFriendship, @DefaultValue("7d") Duration refundWindow, @DefaultValue( {
				"50", "150", "400", "1000", "2500" }) @NotEmpty List<Integer> thresholds,
		@DefaultValue("5s") Duration settleInterval, @DefaultValue("20") @Min(1) int recent){

	/** The level settled {@code xp} reaches: how many thresholds it meets. */
	public int levelAt(long xp) {
		int level = 0;
		while (level < this.thresholds.size() && xp >= this.thresholds.get(level)) {
			level++;
		}
		return level;
	}

	/** The XP of the next level above {@code xp}; null at the top. */
	Integer nextThreshold(long xp) {
		int level = levelAt(xp);
		return (level < this.thresholds.size()) ? this.thresholds.get(level) : null;
	}

	@AssertTrue(message = "thresholds must be positive and strictly increasing")
	boolean isThresholdsIncreasing() {
		for (int i = 0; i < this.thresholds.size(); i++) {
			if (this.thresholds.get(i) <= ((i == 0) ? 0 : this.thresholds.get(i - 1))) {
				return false;
			}
		}
		return true;
	}

}
