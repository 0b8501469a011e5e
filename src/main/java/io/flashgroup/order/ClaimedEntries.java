package io.flashgroup.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.StreamMessage;

/**
 * The entries {@code outbox_claim.lua} took over from a dead consumer
 * ({@code XAUTOCLAIM}'s reply), as stream messages: shared by every flusher that drains
 * an outbox stream.
 */
final class ClaimedEntries {

	private ClaimedEntries() {
	}

	/** The claimed entries of {@code stream}; a deleted entry (nil fields) is skipped. */
	static List<StreamMessage<String, String>> of(String stream, List<Object> reply) {
		List<StreamMessage<String, String>> messages = new ArrayList<>();
		for (Object item : reply) {
			if (!(item instanceof List<?> entry) || entry.size() < 2 || !(entry.get(1) instanceof List<?> fields)) {
				continue;
			}
			Map<String, String> body = new LinkedHashMap<>();
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				body.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
			}
			messages.add(new StreamMessage<>(stream, String.valueOf(entry.get(0)), body));
		}
		return messages;
	}

}
