package io.flashgroup.live;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/** The small control messages of the live protocol: hello, errors, acknowledgements. */
@Component
class LiveMessages {

	private final JsonMapper json;

	private final LiveProperties properties;

	LiveMessages(JsonMapper json, LiveProperties properties) {
		this.json = json;
		this.properties = properties;
	}

	/**
	 * First message of every connection: server time for local countdowns, and the
	 * limits.
	 */
	byte[] hello(long serverTime) {
		ObjectNode hello = this.json.createObjectNode();
		hello.put("type", "hello");
		hello.put("serverTime", serverTime);
		hello.put("minIntervalMs", this.properties.minInterval().toMillis());
		hello.put("maxTopics", this.properties.maxTopicsPerSession());
		return bytes(hello);
	}

	byte[] error(String topic, String problem, String detail) {
		ObjectNode error = this.json.createObjectNode();
		error.put("type", "error");
		if (topic != null) {
			error.put("topic", topic);
		}
		error.put("problem", problem);
		error.put("detail", detail);
		return bytes(error);
	}

	byte[] unsubscribed(String topic) {
		ObjectNode ack = this.json.createObjectNode();
		ack.put("type", "unsubscribed");
		ack.put("topic", topic);
		return bytes(ack);
	}

	/** Parses a client command; {@code null} fields when absent or malformed. */
	Command command(String text) {
		try {
			var node = this.json.readTree(text);
			return new Command(node.path("op").asString(null), node.path("topic").asString(null),
					node.path("token").asString(null));
		}
		catch (RuntimeException ex) {
			return new Command(null, null, null);
		}
	}

	private byte[] bytes(ObjectNode node) {
		return this.json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A client command, e.g. {@code {"op":"subscribe","topic":"flash-sale:42"}}; topics
	 * that need a role also carry {@code "token"}.
	 */
	record Command(String op, String topic, String token) {
	}

}
