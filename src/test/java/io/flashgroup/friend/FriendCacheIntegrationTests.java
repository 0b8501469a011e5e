package io.flashgroup.friend;

import java.time.Duration;
import java.util.List;

import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read that loaded a friend list from PostgreSQL before a change committed must not
 * cache it after the change dropped the cache: the fill checks the generation the read
 * began with.
 */
class FriendCacheIntegrationTests extends FriendTestSupport {

	private static final LuaScript FILL = LuaScript.load("friends_fill");

	@Autowired
	private LuaScripts scripts;

	@Autowired
	private FriendCache cache;

	@Test
	void aReadThatRacedAChangeDoesNotCacheItsOldList() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String before = generation(alice);

		this.cache.changed(alice, bob).block(Duration.ofSeconds(5));

		assertThat(fill(alice, before, bob)).isZero();
		assertThat(this.redis.exists(FriendCache.friendsKey(alice)).block(Duration.ofSeconds(5))).isZero();
		assertThat(fill(alice, generation(alice), bob)).isEqualTo(1);
		assertThat(this.redis.hkeys(FriendCache.friendsKey(alice)).collectList().block(Duration.ofSeconds(5)))
			.containsExactlyInAnyOrder("~", bob);
		assertThat(this.redis.pttl(FriendCache.friendsKey(alice)).block(Duration.ofSeconds(5))).isPositive();
	}

	@Test
	void aChangeDropsBothCachedLists() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		assertThat(friendIds(alice)).isEmpty();
		assertThat(friendIds(bob)).isEmpty();

		this.cache.changed(alice, bob).block(Duration.ofSeconds(5));

		assertThat(this.redis.exists(FriendCache.friendsKey(alice), FriendCache.friendsKey(bob))
			.block(Duration.ofSeconds(5))).isZero();
	}

	private String generation(String userId) {
		String generation = this.redis.get(FriendCache.generationKey(userId)).block(Duration.ofSeconds(5));
		return (generation != null) ? generation : "";
	}

	private Long fill(String userId, String generation, String friend) {
		List<String> args = List.of(generation, "60000", friend, "0 " + friend);
		return this.scripts
			.integer(FILL, new String[] { FriendCache.friendsKey(userId), FriendCache.generationKey(userId) },
					args.toArray(String[]::new))
			.block(Duration.ofSeconds(5));
	}

}
