package io.flashgroup.circle;

import io.flashgroup.friend.FriendChangeListener;
import io.flashgroup.shared.RedisPubSub;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The friend package's hint that a friendship changed: Redis channel
 * {@value FriendChangeListener#CHANNEL}, message {@code "<userA> <userB>"}. A
 * {@code circle:me} watcher reloads their reach when they are one of the two, so an
 * unfriended or blocked author's posts stop reaching them at once instead of at the next
 * periodic refresh.
 */
@Component
class FriendChanges implements SmartLifecycle {

	private final RedisPubSub pubsub;

	private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	FriendChanges(RedisPubSub pubsub) {
		this.pubsub = pubsub;
		this.pubsub.addListener((channel, message) -> {
			if (FriendChangeListener.CHANNEL.equals(channel)) {
				this.changes.tryEmitNext(message);
			}
		});
	}

	/** Changes of the user's friendships (with anyone). */
	Flux<String> of(String userId) {
		return this.changes.asFlux().filter((message) -> {
			String[] pair = pair(message);
			return pair != null && (pair[0].equals(userId) || pair[1].equals(userId));
		});
	}

	/** The two shoppers of a message of the channel, or null for a malformed one. */
	static String @Nullable [] pair(String message) {
		int space = message.indexOf(' ');
		return (space > 0) ? new String[] { message.substring(0, space), message.substring(space + 1) } : null;
	}

	@Override
	public void start() {
		// Held for the node's lifetime: the kept feed pages listen to it too (FeedHints).
		this.pubsub.hold(FriendChangeListener.CHANNEL).subscribe();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
