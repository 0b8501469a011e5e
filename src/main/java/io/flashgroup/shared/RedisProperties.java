package io.flashgroup.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flashgroup's own Redis settings; where to connect comes from
 * {@code spring.data.redis.*}.
 *
 * @param commandTimeout upper bound for any single Redis command or script
 */
@ConfigurationProperties("flashgroup.redis")
public record RedisProperties(@DefaultValue("2s") Duration commandTimeout) {
}
