package io.flashgroup.circle;

import java.util.List;

import io.flashgroup.friend.FriendChangeListener;
import io.flashgroup.shared.RedisPubSub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * How a node hears of the changes kept feed pages depend on ({@link FeedChanges}), from
 * three plain channels it holds for its lifetime: {@code circle:me}'s raw events
 * ({@code claims}: a post's claims left or status, and its claimer; {@code level}: a
 * shopper's level), {@code circle:friends} (friendships, blocks, names) and
 * {@value #STORED} (the circle flusher stored new posts or a change of status). A dropped
 * or restored pub/sub connection counts as a change of everything, since messages may
 * have been lost.
 */
@Component
class FeedHints implements SmartLifecycle {

	/** The flusher's note that it stored new posts or a change of status. */
	static final String STORED = "circle:stored";

	private static final Logger log = LoggerFactory.getLogger(FeedHints.class);

	private final RedisPubSub pubsub;

	private final JsonMapper json;

	private final FeedChanges changes;

	private volatile boolean running;

	FeedHints(RedisPubSub pubsub, JsonMapper json, FeedChanges changes) {
		this.pubsub = pubsub;
		this.json = json;
		this.changes = changes;
		pubsub.addListener(this::heard);
		pubsub.onConnectionChange(changes::everything);
	}

	/**
	 * After the flusher committed post records: when one is new or no longer active,
	 * every page may change (a new post reaches thousands of feeds), here at once and on
	 * the other nodes through {@value #STORED}. A failed note only delays the others
	 * until their recheck.
	 */
	Mono<Void> stored(List<Post> records) {
		if (records.stream().noneMatch((post) -> post.version() == 1 || !"ACTIVE".equals(post.status()))) {
			return Mono.empty();
		}
		this.changes.everything();
		return this.pubsub.publish(STORED, "posts").then().onErrorResume((ex) -> {
			log.warn("Other nodes not told of stored posts (they see them at their next recheck): {}", ex.toString());
			return Mono.empty();
		});
	}

	private void heard(String channel, String message) {
		if (STORED.equals(channel)) {
			this.changes.everything();
		}
		else if (FriendChangeListener.CHANNEL.equals(channel)) {
			String[] pair = FriendChanges.pair(message);
			if (pair != null) {
				this.changes.changed(pair[0], pair[1]);
			}
		}
		else if (CircleChannels.EVENTS.equals(channel)) {
			event(message);
		}
	}

	private void event(String message) {
		try {
			JsonNode state = this.json.readTree(message).path("state");
			switch (state.path("event").asString("")) {
				case "claims" -> {
					long postId = state.path("postId").asLong();
					this.changes.claims(postId, state.path("claimsLeft").asInt(),
							"ACTIVE".equals(state.path("status").asString("")));
					String claimer = state.path("claimerId").asString("");
					if (!claimer.isEmpty()) {
						this.changes.claimed(claimer);
					}
				}
				case "level" -> this.changes.level(state.path("userId").asString(""), state.path("level").asInt());
				default -> {
					// a new post reaches feeds once stored (STORED)
				}
			}
		}
		catch (RuntimeException ex) {
			this.changes.everything();
		}
	}

	@Override
	public void start() {
		this.running = true;
		// A lifecycle subscription: the node serves kept pages as they are only once it
		// hears every hint channel.
		Mono.when(this.pubsub.hold(CircleChannels.EVENTS), this.pubsub.hold(FriendChangeListener.CHANNEL),
				this.pubsub.hold(STORED))
			.subscribe((done) -> {
			}, (ex) -> log.warn("Circle hint channels not subscribed; kept pages are checked on every read: {}",
					ex.toString()), () -> this.changes.hearing(true));
	}

	@Override
	public void stop() {
		this.changes.hearing(false);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
