package io.flashgroup.circle;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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

	private final StatefulRedisPubSubConnection<String, String> pubsub;

	private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	FriendChanges(StatefulRedisPubSubConnection<String, String> pubsub) {
		this.pubsub = pubsub;
		this.pubsub.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				if (CHANNEL.equals(channel)) {
					FriendChanges.this.changes.tryEmitNext(message);
				}
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
		this.pubsub.async().subscribe(CHANNEL);
		this.running = true;
	}

	@Override
	public void stop() {
		this.pubsub.async().unsubscribe(CHANNEL);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
