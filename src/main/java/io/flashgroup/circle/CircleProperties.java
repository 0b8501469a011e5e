package io.flashgroup.circle;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shopping circle's reads.
 *
 * @param feedCacheSize how many viewers' first feed pages one node keeps (0: none); a
 * kept page is served again only while the viewer's reach and the stored posts are
 * unchanged
 */
@Validated
@ConfigurationProperties("flashgroup.circle")
record CircleProperties(@DefaultValue("2000") @Min(0) int feedCacheSize) {
}
