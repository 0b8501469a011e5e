package io.flashgroup.groupbuy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what sellers may configure beyond the shared ones
 * ({@code flashgroup.campaigns}).
 *
 * @param minGroupTtl shortest group lifetime
 * @param maxGroupTtl longest group lifetime
 */
@ConfigurationProperties("flashgroup.group-buy")
record GroupBuyProperties(@DefaultValue("1m") Duration minGroupTtl, @DefaultValue("7d") Duration maxGroupTtl) {
}
