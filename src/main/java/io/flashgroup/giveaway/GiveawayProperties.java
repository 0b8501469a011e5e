package io.flashgroup.giveaway;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Giveaways' timing and defaults.
 *
 * @param claimWindow how long a winner has, from the draw, to claim the prize; a prize
 * not claimed by then reads as LAPSED
 * @param drawInterval how often each node looks for giveaways that closed and draws them
 * (a draw lands at most about this long after the close)
 * @param drawBatch giveaways one pass draws at most
 */
@Validated
@ConfigurationProperties("flashgroup.giveaways")
record GiveawayProperties(@DefaultValue("72h") Duration claimWindow, @DefaultValue("1s") Duration drawInterval,
		@DefaultValue("20") @Min(1) int drawBatch) {
}
