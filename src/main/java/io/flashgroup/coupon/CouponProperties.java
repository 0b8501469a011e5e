package io.flashgroup.coupon;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Coupon redemption settings ({@code flashgroup.coupons}).
 *
 * @param sweepInterval time between two passes of the lock sweeper
 * @param lockGrace how long a lock stands before the sweeper looks at its order: longer
 * than a pay attempt takes (gateway timeout plus two script calls), so the sweeper
 * settles only locks whose attempt crashed or stalled
 * @param sweepBatch locks one pass looks at per slot, oldest first
 */
@Validated
@ConfigurationProperties("flashgroup.coupons")
public record CouponProperties(@NotNull @DefaultValue("5s") Duration sweepInterval,
		@NotNull @DefaultValue("60s") Duration lockGrace, @Min(1) @DefaultValue("100") int sweepBatch) {
}
