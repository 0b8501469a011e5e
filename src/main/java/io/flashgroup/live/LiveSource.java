package io.flashgroup.live;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

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
	 * A key (or just its hash tag) of the Redis slot the subject lives in, e.g.
	 * {@code {c:42}:state} for a campaign, a group or a session of it; null for a topic
	 * with no slot. In sharded mode the topic's channel carries its tag, so its messages
	 * travel through that slot's shard only; the publisher (a script on that slot, or
	 * Java) names the channel the same way ({@code RedisPubSub#channel}).
	 */
	default @Nullable String slotOf(String id) {
		return null;
	}

	/**
	 * Whether updates are conflated to one per {@code min-interval}. Topics that change a
	 * few times in their life (a group) answer false, so watchers see every change.
	 */
	default boolean conflated() {
		return true;
	}

	/**
	 * The role a watcher must hold (e.g. {@code OPS}), or null when anyone may watch.
	 * WebSocket clients prove it with a bearer token in the subscribe message.
	 */
	default @Nullable String requiredRole() {
		return null;
	}

	/**
	 * Whether this signed-in watcher may watch the subject (e.g. a chat thread: only who
	 * may read its post). A refused watcher is told the topic does not exist, as the HTTP
	 * read answers 404. Asked for topics with a {@link #requiredRole()} only.
	 */
	default Mono<Boolean> mayWatch(String id, String userId) {
		return Mono.just(true);
	}

	/**
	 * Null for an ordinary topic, whose frames every watcher shares. A personal topic
	 * (e.g. {@code circle:me}) is one channel of raw events that each watcher sees
	 * filtered and rewritten for them, so it needs a signed-in watcher
	 * ({@link #requiredRole()}) and the WebSocket endpoint; its raw messages are never
	 * sent as they are.
	 */
	default @Nullable Personal personal() {
		return null;
	}

	/** What one watcher of a personal topic sees. */
	interface Personal {

		/**
		 * The watcher's messages ({@code {"seq":..,"serverTime":..,"state":{..}}}, seq
		 * counting per watcher from the first, which is sent as the snapshot).
		 * @param events the topic's raw messages on this node (parsed once for all its
		 * watchers), from the subscription on
		 * @param userId the watcher, as their token names them
		 * @return their messages
		 */
		Flux<String> messages(Flux<JsonNode> events, String userId);

		/**
		 * The same for a topic with a subject (e.g. {@code chat:<postId>}); the hub calls
		 * this one. Sources of a single personal topic ({@code circle:me}) keep the
		 * default.
		 * @param id the part of the topic after the colon
		 * @param events the topic's raw messages on this node
		 * @param userId the watcher
		 * @return their messages
		 */
		default Flux<String> messages(String id, Flux<JsonNode> events, String userId) {
			return messages(events, userId);
		}

	}

	/**
	 * The live message of a record whose {@code version} is its topic's seq (a group, a
	 * bargain session).
	 * @param recordJson the record as the scripts store it
	 * @param serverTime Redis time
	 * @return {@code {"seq":<version>,"serverTime":..,"state":<record>}}
	 */
	static String versioned(String recordJson, long serverTime) {
		int at = recordJson.indexOf("\"version\":") + 10;
		int end = at;
		while (end < recordJson.length() && Character.isDigit(recordJson.charAt(end))) {
			end++;
		}
		return "{\"seq\":" + recordJson.substring(at, end) + ",\"serverTime\":" + serverTime + ",\"state\":"
				+ recordJson + "}";
	}

}
