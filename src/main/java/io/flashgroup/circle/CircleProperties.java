package io.flashgroup.circle;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shopping circle's reads.
 *
 * @param feedCacheSize how many feed and search pages (per viewer, text and cursor) one
 * node keeps ({@link KeptPages}; 0: none)
 * @param feedRecheck how long a kept page is served as it is while the node hears of no
 * change it shows ({@link FeedChanges}); past it, or after such a change, it is checked
 * against PostgreSQL and Redis first (0: on every read)
 */
@Validated
@ConfigurationProperties("flashgroup.circle")
record CircleProperties(@DefaultValue("2000") @Min(0) int feedCacheSize, @DefaultValue("1s") Duration feedRecheck) {
}
