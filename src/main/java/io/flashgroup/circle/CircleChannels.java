package io.flashgroup.circle;

import io.flashgroup.live.LiveHub;

/** The live channels the circle's scripts publish to. */
final class CircleChannels {

	/**
	 * {@code post:<id>}: a post's public counter; in sharded mode the scripts get it with
	 * the post's slot tag ({@code live:{circle:n}:post:}).
	 */
	static final String POST_PREFIX = LiveHub.channel("post:");

	/**
	 * {@code circle:me}: every circle event, filtered per watcher on each node; its raw
	 * messages carry author ids and are never sent as they are. A plain channel on a
	 * cluster too: scripts in all 16 circle slots publish it (a script may only
	 * {@code SPUBLISH} in its own slot) and every node needs every event.
	 */
	static final String EVENTS = LiveHub.channel(CircleLiveSources.ME);

	private CircleChannels() {
	}

}
