package io.flashgroup.shared;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Runs Lua scripts with {@code EVALSHA}, falling back to {@code EVAL} (which also caches
 * the script) when Redis answers {@code NOSCRIPT}, e.g. after a restart or failover.
 * Every call is bounded by the configured command timeout and timed per script.
 */
@Component
public class LuaScripts {

	private final RedisClusterReactiveCommands<String, String> redis;

	private final RedisProperties properties;

	private final RedisPubSub pubsub;

	private final MeterRegistry meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	LuaScripts(RedisClusterReactiveCommands<String, String> redis, RedisProperties properties, RedisPubSub pubsub,
			MeterRegistry meters) {
		this.redis = redis;
		this.properties = properties;
		this.pubsub = pubsub;
		this.meters = meters;
	}

	/**
	 * The live channel (or channel prefix) a script publishes to, for a script whose keys
	 * live in {@code key}'s slot: tagged with that slot in sharded mode, so the script's
	 * {@code SPUBLISH} stays in its own slot (a cluster refuses a script that publishes
	 * to a shard channel of another slot); the scripts pick {@code SPUBLISH} for a
	 * channel with a tag, {@code PUBLISH} for one without. Channels with no slot (e.g.
	 * the circle's events) are passed as they are.
	 */
	public String channel(String channel, String key) {
		return this.pubsub.channel(channel, key);
	}

	/**
	 * Runs a script that returns an array; elements are strings or numbers as Redis
	 * returns them.
	 */
	public Mono<List<Object>> multi(LuaScript script, String[] keys, String... args) {
		return run(script, ScriptOutputType.MULTI, keys, args).map(LuaScripts::asList);
	}

	/** Runs a script that returns one value; empty when it returns false/nil. */
	public Mono<String> value(LuaScript script, String[] keys, String... args) {
		return run(script, ScriptOutputType.VALUE, keys, args).map(String::valueOf);
	}

	/** Runs a script that returns one integer. */
	public Mono<Long> integer(LuaScript script, String[] keys, String... args) {
		return run(script, ScriptOutputType.INTEGER, keys, args).map(Long.class::cast);
	}

	private Mono<Object> run(LuaScript script, ScriptOutputType type, String[] keys, String[] args) {
		if (!script.keys().accepts(keys.length)) {
			// A caller out of step with the script's header: a bug, found by the first
			// test
			// that runs it.
			return Mono.error(new IllegalStateException("Script " + script.name() + " declares " + script.keys()
					+ " but was given " + keys.length + " keys"));
		}
		String crossSlot = crossSlot(keys);
		if (crossSlot != null) {
			// Every script's keys share one hash tag, or a cluster refuses it with
			// CROSSSLOT: checked on every call, so every test that runs a script on a
			// single Redis checks it too.
			return Mono.error(new IllegalStateException("Script " + script.name() + " " + crossSlot));
		}
		Timer.Sample sample = Timer.start(this.meters);
		return this.redis.evalsha(script.sha(), type, keys, args)
			.next()
			.onErrorResume(RedisNoScriptException.class,
					(ex) -> this.redis.eval(script.body(), type, keys, args).next())
			.timeout(this.properties.commandTimeout())
			.doFinally((signal) -> sample.stop(timer(script)));
	}

	/**
	 * Why the keys are not all in one cluster slot, or null when they are.
	 */
	static @Nullable String crossSlot(String[] keys) {
		if (keys.length < 2) {
			return null;
		}
		String tag = hashTag(keys[0]);
		int slot = -1;
		for (int i = 1; i < keys.length; i++) {
			// The same hash tag is the same slot: the usual case costs a string compare,
			// not a CRC16 of every key on every purchase.
			if (tag != null && keys[i].startsWith(tag)) {
				continue;
			}
			if (slot < 0) {
				slot = SlotHash.getSlot(keys[0]);
			}
			if (SlotHash.getSlot(keys[i]) != slot) {
				return "was given keys in different cluster slots: " + keys[0] + " and " + keys[i];
			}
		}
		return null;
	}

	/**
	 * The key's leading hash tag with its braces ({@code "{c:42}"} of
	 * {@code "{c:42}:state"}), or null when the key does not start with one; only such a
	 * tag decides the slot of every key that starts with it.
	 */
	private static @Nullable String hashTag(String key) {
		if (key.isEmpty() || key.charAt(0) != '{') {
			return null;
		}
		int close = key.indexOf('}', 1);
		return (close > 1) ? key.substring(0, close + 1) : null;
	}

	/** One timer per script, looked up once: this runs on every purchase. */
	private Timer timer(LuaScript script) {
		return this.timers.computeIfAbsent(script.name(),
				(name) -> Timer.builder("flashgroup.script")
					.description("Lua script round trips")
					.tag("script", name)
					.register(this.meters));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> asList(Object reply) {
		return (reply instanceof List<?> list) ? (List<Object>) list : List.of(reply);
	}

}
