package io.flashgroup.shared;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel names of sharded pub/sub: a topic's channel carries its slot's tag after the
 * prefix, hashes to the slot of the keys it was named after, and reads back as the plain
 * name; and which mode {@code auto} picks.
 */
class RedisPubSubTests {

	@Test
	void aShardChannelCarriesTheTagOfItsSlotAfterThePrefix() {
		assertThat(RedisPubSub.tagged("live:flash-sale:42", "{c:42}:state")).isEqualTo("live:{c:42}:flash-sale:42");
		assertThat(RedisPubSub.tagged("live:group:", "{c:42}:state")).isEqualTo("live:{c:42}:group:");
		assertThat(RedisPubSub.tagged("live:post:", "{circle:3}")).isEqualTo("live:{circle:3}:post:");
		assertThat(SlotHash.getSlot(RedisPubSub.tagged("live:flash-sale:42", "{c:42}:state")))
			.isEqualTo(SlotHash.getSlot("{c:42}:orders"));
	}

	@Test
	void aChannelWithoutASlotStaysPlain() {
		assertThat(RedisPubSub.tagged("live:ops:metrics", null)).isEqualTo("live:ops:metrics");
		assertThat(RedisPubSub.tagged("live:circle:me", "no-tag")).isEqualTo("live:circle:me");
		assertThat(RedisPubSub.tagged("", "{c:1}:state")).isEmpty();
		assertThat(RedisPubSub.isShardChannel("live:circle:me")).isFalse();
		assertThat(RedisPubSub.isShardChannel("live:{c:1}:flash-sale:1")).isTrue();
	}

	@Test
	void theSubscriberReadsTheTopicWithoutTheTag() {
		assertThat(RedisPubSub.untagged("live:{c:42}:group:0190-abc")).isEqualTo("live:group:0190-abc");
		assertThat(RedisPubSub.untagged("live:flash-sale:42")).isEqualTo("live:flash-sale:42");
	}

	@Test
	void autoIsShardedOnAClusterOfRedisSevenOnly() {
		assertThat(RedisPubSub.sharded(RedisPubSub.Mode.AUTO, true, "7.0.15")).isTrue();
		assertThat(RedisPubSub.sharded(RedisPubSub.Mode.AUTO, true, "6.2.6")).isFalse();
		assertThat(RedisPubSub.sharded(RedisPubSub.Mode.AUTO, false, "7.2.4")).isFalse();
		assertThat(RedisPubSub.sharded(RedisPubSub.Mode.PLAIN, true, "7.2.4")).isFalse();
		assertThat(RedisPubSub.sharded(RedisPubSub.Mode.SHARDED, false, "7.2.4")).isTrue();
	}

	@Test
	void scriptKeysInTwoSlotsAreRefusedBeforeRedis() {
		assertThat(LuaScripts.crossSlot(new String[] { "{c:1}:state", "{c:1}:orders" })).isNull();
		assertThat(LuaScripts.crossSlot(new String[] { "{c:1}:state", "{c:2}:orders" })).contains("{c:2}:orders");
		assertThat(LuaScripts.crossSlot(new String[] { "{circle:3}:posts" })).isNull();
		// Not the same tag text, yet the same slot (the untagged key hashes whole): fine.
		assertThat(LuaScripts.crossSlot(new String[] { "{c:1}:state", "c:1" })).isNull();
		assertThat(LuaScripts.crossSlot(new String[] { "{c:1}:state", "{c:1}:orders", "c:2" })).contains("c:2");
		assertThat(LuaScripts.crossSlot(new String[] { "{}:a", "{}:b" })).isNotNull();
	}

}
