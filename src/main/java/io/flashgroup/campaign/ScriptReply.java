package io.flashgroup.campaign;

import java.util.List;

/**
 * A script's reply {@code {outcome, detail, ...}}, decoded once: details such as
 * {@code "held:limit"} are read here, not split by hand at every caller.
 *
 * @param outcome e.g. {@code RESERVED}, {@code SOLD_OUT}
 * @param detail the second element ('' when absent)
 * @param raw the whole reply, for kind-specific elements after the detail
 */
public record ScriptReply(String outcome, String detail, List<Object> raw) {

	public static ScriptReply of(List<Object> reply) {
		return new ScriptReply(String.valueOf(reply.get(0)), (reply.size() > 1) ? String.valueOf(reply.get(1)) : "",
				reply);
	}

	/**
	 * The number before the colon of an {@code "a:b"} detail (the whole detail without
	 * one; 0 when empty).
	 */
	public long first() {
		int colon = this.detail.indexOf(':');
		String part = (colon < 0) ? this.detail : this.detail.substring(0, colon);
		return part.isEmpty() ? 0 : Long.parseLong(part);
	}

	/** The number after the colon of an {@code "a:b"} detail. */
	public long second() {
		return Long.parseLong(this.detail.substring(this.detail.indexOf(':') + 1));
	}

	/** The reply's element {@code index} as text. */
	public String at(int index) {
		return String.valueOf(this.raw.get(index));
	}

	/** The reply's element {@code index} as a number. */
	public long numberAt(int index) {
		return ((Number) this.raw.get(index)).longValue();
	}

}
