package io.flashgroup.live;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live hub.
 *
 * @param minInterval conflation interval: a topic sends at most one update per interval
 * @param maxLag a session whose oldest unsent update is older than this is too slow and
 * is closed with 1013
 * @param maxTopicsPerSession topics one WebSocket session may watch at once
 * @param heartbeat interval of SSE keep-alive comments
 * @param maxSessionBacklog bytes a WebSocket session may hold unsent (at most one state
 * per topic plus the batch being written); a session over it is closed with 1013
 */
@Validated
@ConfigurationProperties("flashgroup.live")
public record LiveProperties(@DefaultValue("100ms") Duration minInterval, @DefaultValue("5s") Duration maxLag,
		@DefaultValue("50") @Min(1) int maxTopicsPerSession, @DefaultValue("15s") Duration heartbeat,
		@DefaultValue("256KB") DataSize maxSessionBacklog) {
}
