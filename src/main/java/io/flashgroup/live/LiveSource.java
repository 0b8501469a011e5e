package io.flashgroup.live;

import reactor.core.publisher.Mono;

/**
 * A kind of live topic, e.g. {@code flash-sale}: the features register one each, and the
 * hub asks it for the current state when a topic is first watched on this node.
 */
public interface LiveSource {

	/** Topic prefix, the part before the colon. */
	String prefix();

	/**
	 * The current state of the topic's subject as a live message
	 * ({@code {"seq":..,"serverTime":..,"state":{..}}}), empty when it does not exist.
	 */
	Mono<String> snapshot(String id);

	/**
	 * Whether updates are conflated to one per {@code min-interval}. Topics that change a
	 * few times in their life (a group) answer false, so watchers see every change.
	 */
	default boolean conflated() {
		return true;
	}

}
