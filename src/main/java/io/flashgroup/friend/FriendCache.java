package io.flashgroup.friend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A shopper's friend list in Redis ({@code {u:<id>}:friends}), loaded from PostgreSQL on
 * a miss and dropped on every change of the shopper's friendships, which are also
 * announced on the {@code circle:friends} channel ({@code "<userA> <userB>"}) for the
 * live circle.
 */
@Component
class FriendCache {

	private static final Logger log = LoggerFactory.getLogger(FriendCache.class);

	/**
	 * Field marking a loaded list (an empty list is cached too); no user id holds a
	 * {@code ~}.
	 */
	private static final String LOADED = "~";

	/** Outlives any read in flight, so a read that raced a change sees the bump. */
	private static final Duration GENERATION_TTL = Duration.ofDays(1);

	private static final LuaScript FILL = LuaScript.load("friends_fill");

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LuaScripts scripts;

	private final FriendRows rows;

	private final FriendProperties properties;

	private final ObjectProvider<FriendChangeListener> listeners;

	FriendCache(RedisClusterReactiveCommands<String, String> redis, LuaScripts scripts, FriendRows rows,
			FriendProperties properties, ObjectProvider<FriendChangeListener> listeners) {
		this.listeners = listeners;
		this.redis = redis;
		this.scripts = scripts;
		this.rows = rows;
		this.properties = properties;
	}

	static String friendsKey(String userId) {
		return "{u:" + userId + "}:friends";
	}

	static String generationKey(String userId) {
		return "{u:" + userId + "}:friends-gen";
	}

	/** The shopper's friends, most recent first. */
	Mono<List<Friend>> friends(String userId) {
		return this.redis.hgetall(friendsKey(userId))
			.collectList()
			.flatMap((cached) -> cached.isEmpty() ? load(userId) : Mono.just(parse(cached)));
	}

	/**
	 * After a committed change between two shoppers: tells this node's
	 * {@link FriendChangeListener}s, drops both cached lists (bumping their generations
	 * first, so a read in flight does not put an old list back) and announces the pair to
	 * the other nodes. Fails open: the change is committed, and a lost invalidation only
	 * leaves a list stale until its TTL.
	 */
	Mono<Void> changed(String a, String b) {
		return Mono.fromRunnable(() -> this.listeners.orderedStream().forEach((listener) -> listener.changed(a, b)))
			.then(Mono.when(invalidate(a), invalidate(b)))
			.then(this.redis.publish(FriendChangeListener.CHANNEL, a + " " + b))
			.doOnError((ex) -> log.warn("Friend change {} {} committed but not announced: {}", a, b, ex.toString()))
			.onErrorComplete()
			.then();
	}

	private Mono<Void> invalidate(String userId) {
		String generation = generationKey(userId);
		return this.redis.incr(generation)
			.then(this.redis.pexpire(generation, GENERATION_TTL))
			.then(this.redis.del(friendsKey(userId)))
			.then();
	}

	private Mono<List<Friend>> load(String userId) {
		return this.redis.get(generationKey(userId))
			.defaultIfEmpty("")
			.flatMap((generation) -> this.rows.friends(userId)
				.collectList()
				.flatMap((friends) -> fill(userId, generation, friends).thenReturn(sorted(friends))));
	}

	private Mono<Long> fill(String userId, String generation, List<Friend> friends) {
		List<String> args = new ArrayList<>(2 + friends.size() * 2);
		args.add(generation);
		args.add(Long.toString(this.properties.cacheTtl().toMillis()));
		for (Friend friend : friends) {
			args.add(friend.userId());
			args.add(friend.since().toEpochMilli() + " " + friend.displayName());
		}
		return this.scripts.integer(FILL, new String[] { friendsKey(userId), generationKey(userId) },
				args.toArray(String[]::new));
	}

	private static List<Friend> parse(List<KeyValue<String, String>> cached) {
		List<Friend> friends = new ArrayList<>(cached.size());
		for (KeyValue<String, String> entry : cached) {
			if (LOADED.equals(entry.getKey())) {
				continue;
			}
			String value = entry.getValue();
			int space = value.indexOf(' ');
			friends.add(new Friend(entry.getKey(), value.substring(space + 1),
					Instant.ofEpochMilli(Long.parseLong(value.substring(0, space)))));
		}
		return sorted(friends);
	}

	private static List<Friend> sorted(List<Friend> friends) {
		List<Friend> sorted = new ArrayList<>(friends);
		sorted.sort(Comparator.comparing(Friend::since).reversed().thenComparing(Friend::userId));
		return sorted;
	}

}
