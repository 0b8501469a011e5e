package io.flashgroup.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the refund worker.
 *
 * @param pollInterval how often every node looks for due refunds
 * @param retryDelay how long a refund the gateway failed waits before the next attempt
 */
@ConfigurationProperties("flashgroup.refunds")
public record RefundProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("10s") Duration retryDelay) {
}
