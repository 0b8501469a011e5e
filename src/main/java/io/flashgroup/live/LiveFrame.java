package io.flashgroup.live;

import tools.jackson.databind.JsonNode;

/**
 * One conflated state of a topic, serialized once per tick and shared by every session:
 * the same bytes go to every watcher, as a {@code snapshot} to those who just subscribed
 * and as an {@code update} to the rest.
 *
 * @param topic e.g. {@code flash-sale:42}
 * @param seq sequence number of the state; never goes backwards per topic
 * @param serverTime Redis time when the state was computed (epoch ms)
 * @param state the parsed state, for node-local consumers
 * @param snapshotJson the {@code snapshot} message
 * @param updateJson the {@code update} message
 * @param createdNanos when this node produced the frame, to detect slow sessions
 */
public record LiveFrame(String topic, long seq, long serverTime, JsonNode state, byte[] snapshotJson, byte[] updateJson,
		long createdNanos) {

	public long stockLeft() {
		return this.state.path("stockLeft").asLong(-1);
	}

}
