package io.flashgroup.order;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox flusher.
 *
 * @param batchSize entries read and written per round trip
 * @param pollInterval pause between polls when the outboxes are empty
 * @param claimIdle how long an entry may stay unacknowledged before another node takes it
 * over
 * @param claimInterval how often each node looks for such entries
 * @param lagInterval how often the outbox lag is measured for metrics and health
 * @param maxBackoff longest pause between retries while PostgreSQL is failing
 * @param retention how long the keys of a finished, flushed campaign stay in Redis
 */
@Validated
@ConfigurationProperties("flashgroup.outbox")
public record OutboxProperties(@DefaultValue("500") @Min(1) @Max(5000) int batchSize,
		@DefaultValue("50ms") Duration pollInterval, @DefaultValue("30s") Duration claimIdle,
		@DefaultValue("5s") Duration claimInterval, @DefaultValue("2s") Duration lagInterval,
		@DefaultValue("10s") Duration maxBackoff, @DefaultValue("1d") Duration retention) {
}
