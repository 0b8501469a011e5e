package io.flashgroup.live;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the node-local copies of read views ({@link HeldViews}).
 *
 * @param max views one node holds at most; the least recently read one makes room
 * @param idle a view nobody read for this long is dropped (and its topic let go)
 * @param maxAge a held view is served for at most this long after it was last confirmed
 * (a live frame or a read from Redis); the next read then goes to Redis. It bounds the
 * staleness when pub/sub silently lost messages
 */
@Validated
@ConfigurationProperties("flashgroup.live.held-views")
public record HeldViewsProperties(@DefaultValue("1000") @Min(1) int max, @DefaultValue("60s") Duration idle,
		@DefaultValue("1s") Duration maxAge) {
}
