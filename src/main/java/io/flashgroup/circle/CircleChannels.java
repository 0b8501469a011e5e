package io.flashgroup.circle;

import io.flashgroup.live.LiveHub;

/** The live channels the circle's scripts publish to. */
final class CircleChannels {

	/** {@code post:<id>}: a post's public counter. */
	static final String POST_PREFIX = LiveHub.channel("post:");

	/**
	 * {@code circle:me}: every circle event, filtered per watcher on each node; its raw
	 * messages carry author ids and are never sent as they are.
	 */
	static final String EVENTS = LiveHub.channel(CircleLiveSources.ME);

	private CircleChannels() {
	}

}
