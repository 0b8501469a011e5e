package io.flashgroup.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flashgroup's own Redis settings; where to connect comes from
 * {@code spring.data.redis.*} ({@code spring.data.redis.cluster.nodes} for a cluster).
 *
 * @param commandTimeout upper bound for any single Redis command or script
 * @param topologyRefreshPeriod on a cluster, how often the slot map is read again even
 * when nothing triggered a refresh (redirects and reconnects trigger one at once)
 */
@ConfigurationProperties("flashgroup.redis")
public record RedisProperties(@DefaultValue("2s") Duration commandTimeout,
		@DefaultValue("30s") Duration topologyRefreshPeriod) {
}
