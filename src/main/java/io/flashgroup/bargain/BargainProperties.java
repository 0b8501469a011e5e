package io.flashgroup.bargain;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what sellers may configure beyond the shared ones
 * ({@code flashgroup.campaigns}).
 *
 * @param minSessionTtl shortest session lifetime
 * @param maxSessionTtl longest session lifetime
 */
@ConfigurationProperties("flashgroup.bargain")
record BargainProperties(@DefaultValue("1m") Duration minSessionTtl, @DefaultValue("7d") Duration maxSessionTtl) {
}
