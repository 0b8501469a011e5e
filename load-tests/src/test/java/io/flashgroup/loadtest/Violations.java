package io.flashgroup.loadtest;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.CheckBuilder;

import static io.gatling.javaapi.core.CoreDsl.bodyString;

/**
 * The broken invariants a read-back check found (groups, bargain sessions): each rule is a
 * Gatling check that fails with the violation's message, kept free of ids so that
 * Gatling's error table counts alike failures on one line, while the records themselves
 * are listed in the summary.
 */
final class Violations {

	private final String record;

	private final String idAttribute;

	private final Queue<String> found = new ConcurrentLinkedQueue<>();

	/**
	 * @param record what is checked, e.g. "group"
	 * @param idAttribute the Gatling session attribute holding the record's id
	 */
	Violations(String record, String idAttribute) {
		this.record = record;
		this.idAttribute = idAttribute;
	}

	/** A check of the read-back record: {@code violation} answers null when it holds. */
	CheckBuilder.Final rule(String name, BiFunction<JsonNode, String, String> violation) {
		return bodyString().validate(name, (body, session) -> {
			String id = session.getString(this.idAttribute);
			String problem = violation.apply(parse(body), id);
			if (problem != null) {
				this.found.add(this.record + " " + id + ": " + problem);
				throw new IllegalStateException(problem);
			}
			return body;
		});
	}

	/** Appends the count and the first ten violations to a summary. */
	void appendTo(StringBuilder out) {
		out.append(String.format("  %d broken %s invariants%s%n", this.found.size(), this.record,
				this.found.isEmpty() ? "" : ", first ones:"));
		this.found.stream().limit(10).forEach((violation) -> out.append("    ").append(violation).append('\n'));
	}

	static JsonNode parse(String body) {
		try {
			return ServerApi.JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON: " + body, ex);
		}
	}

}
