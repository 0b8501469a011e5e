package io.flashgroup.circle;

import io.flashgroup.shared.RedisPubSub;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The friend package's hint that a friendship changed: Redis channel {@value #CHANNEL},
 * message {@code "<userA> <userB>"}. A {@code circle:me} watcher reloads their reach when
 * they are one of the two, so an unfriended or blocked author's posts stop reaching them
 * at once instead of at the next periodic refresh.
 */
@Component
class FriendChanges implements SmartLifecycle {

	static final String CHANNEL = "circle:friends";

	private final RedisPubSub pubsub;

	private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	FriendChanges(RedisPubSub pubsub) {
		this.pubsub = pubsub;
		this.pubsub.addListener((channel, message) -> {
			if (CHANNEL.equals(channel)) {
				this.changes.tryEmitNext(message);
			}
		});
	}

	/** Changes of the user's friendships (with anyone). */
	Flux<String> of(String userId) {
		return this.changes.asFlux().filter((message) -> {
			int space = message.indexOf(' ');
			return (space > 0)
					&& (message.substring(0, space).equals(userId) || message.substring(space + 1).equals(userId));
		});
	}

	@Override
	public void start() {
		// A plain channel on a cluster too: a rare hint every node needs (PUBLISH reaches
		// every node over the cluster bus).
		this.pubsub.subscribe(CHANNEL).subscribe();
		this.running = true;
	}

	@Override
	public void stop() {
		this.pubsub.unsubscribe(CHANNEL);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
