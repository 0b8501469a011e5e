package io.flashgroup.live;

import java.time.Duration;

import io.flashgroup.shared.RedisPubSub;
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
 * @param frameBudgetPerCore frames per second and core the node's watchers may get in
 * all; once there are more watchers than that allows at {@code min-interval}, every
 * conflated topic samples less often, so each watcher gets fewer but fresh frames instead
 * of old ones queued behind each other; 0 turns it off
 * @param maxInterval the longest conflation interval the frame budget stretches to
 * @param pubsub {@code auto} (sharded on a Redis Cluster of version 7 or later, else
 * plain), {@code plain} ({@code PUBLISH}/{@code SUBSCRIBE}) or {@code sharded} (topics
 * whose subject lives in a slot on shard channels carrying its hash tag, {@code SPUBLISH}
 * / {@code SSUBSCRIBE}; Redis 7 or later)
 */
@Validated
@ConfigurationProperties("flashgroup.live")
public record LiveProperties(@DefaultValue("100ms") Duration minInterval, @DefaultValue("5s") Duration maxLag,
		@DefaultValue("50") @Min(1) int maxTopicsPerSession, @DefaultValue("15s") Duration heartbeat,
		@DefaultValue("256KB") DataSize maxSessionBacklog, @DefaultValue("10000") @Min(0) int frameBudgetPerCore,
		@DefaultValue("1s") Duration maxInterval, @DefaultValue("auto") RedisPubSub.Mode pubsub) {
}
