package io.flashgroup.shared;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, thrown where a sealed result would add nothing (e.g.
 * an unknown id deep in a lookup). Rendered as an RFC 9457 problem by
 * {@link ProblemHandler}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final Map<String, Object> properties;

	public ProblemException(HttpStatus status, String type, String detail) {
		this(status, type, detail, Map.of());
	}

	public ProblemException(HttpStatus status, String type, String detail, Map<String, Object> properties) {
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.properties = properties;
	}

	public static ProblemException notFound(String what) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", what + " does not exist");
	}

	/** A 409: the request is valid but the campaign's state refuses it. */
	public static ProblemException conflict(String type, String detail, Map<String, Object> properties) {
		return new ProblemException(HttpStatus.CONFLICT, type, detail, properties);
	}

	/**
	 * A 400 {@code validation} problem with one entry in {@code errors}, like bean
	 * validation's.
	 */
	public static ProblemException invalidField(String field, String message) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
				Map.of("errors", Map.of(field, message)));
	}

	public static ProblemException badRequest(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation", detail);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}
