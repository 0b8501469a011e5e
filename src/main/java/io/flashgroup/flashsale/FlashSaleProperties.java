package io.flashgroup.flashsale;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of flash sales.
 *
 * @param soldOutFlagMaxAge how long this node answers "sold out" from its local flag
 * before asking Redis again; live events clear the flag sooner when stock comes back
 * @param transferSweepInterval how often each node finishes the stock transfers between
 * buckets of split sales that a crash left in flight, and reconciles every bucket's
 * counters into the sale's live view
 * @param transferGrace how old a transfer in flight must be before the sweeper finishes
 * it (the purchase that started it normally does within milliseconds)
 */
@ConfigurationProperties("flashgroup.flash-sale")
public record FlashSaleProperties(@DefaultValue("2s") Duration soldOutFlagMaxAge,
		@DefaultValue("1s") Duration transferSweepInterval, @DefaultValue("2s") Duration transferGrace) {
}
