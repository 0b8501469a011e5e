package io.flashgroup.bargain;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what sellers may configure.
 *
 * @param minSessionTtl shortest session lifetime
 * @param maxSessionTtl longest session lifetime
 * @param minPayWindow shortest time to pay a purchase
 * @param maxPayWindow longest time to pay a purchase
 */
@ConfigurationProperties("flashgroup.bargain")
record BargainProperties(@DefaultValue("1m") Duration minSessionTtl, @DefaultValue("7d") Duration maxSessionTtl,
		@DefaultValue("30s") Duration minPayWindow, @DefaultValue("1d") Duration maxPayWindow) {
}
