package io.flashgroup.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of calls to the payment gateway.
 *
 * @param timeout bound on one charge or refund call; charges and refunds are keyed by
 * order id, so a retry after a timeout never charges twice
 */
@ConfigurationProperties("flashgroup.payments")
public record PaymentProperties(@DefaultValue("10s") Duration timeout) {
}
