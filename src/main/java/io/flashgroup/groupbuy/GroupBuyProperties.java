package io.flashgroup.groupbuy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what sellers may configure.
 *
 * @param minGroupTtl shortest group lifetime
 * @param maxGroupTtl longest group lifetime
 * @param minPayWindow shortest time to pay a seat
 * @param maxPayWindow longest time to pay a seat
 */
@ConfigurationProperties("flashgroup.group-buy")
record GroupBuyProperties(@DefaultValue("1m") Duration minGroupTtl, @DefaultValue("7d") Duration maxGroupTtl,
		@DefaultValue("30s") Duration minPayWindow, @DefaultValue("1d") Duration maxPayWindow) {
}
