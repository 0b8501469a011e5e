package io.flashgroup.timer;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the timer worker.
 *
 * @param pollInterval how often each node applies due timers
 * @param batchSize most timers applied per campaign per script run
 */
@Validated
@ConfigurationProperties("flashgroup.timers")
public record TimerProperties(@DefaultValue("200ms") Duration pollInterval,
		@DefaultValue("500") @Min(1) int batchSize) {
}
