package io.flashgroup.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flashgroup's own bounds on HTTP connections, beside Boot's {@code server.*} ones.
 *
 * @param requestHeadTimeout longest time from a request's first byte until its whole head
 * (request line and headers) has arrived; past it the answer is 408 and the connection is
 * closed
 */
@ConfigurationProperties("flashgroup.server")
public record HttpServerProperties(@DefaultValue("10s") Duration requestHeadTimeout) {
}
