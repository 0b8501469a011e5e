package io.flashgroup.shared;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem responses with a stable {@code type} per problem, e.g.
 * {@code https://flashgroup.io/problems/sold-out}. Clients switch on the type, never the
 * text.
 */
public final class Problems {

	public static final String TYPE_BASE = "https://flashgroup.io/problems/";

	private Problems() {
	}

	public static ProblemDetail detail(HttpStatus status, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title(type));
		return problem;
	}

	public static ResponseEntity<Object> response(HttpStatus status, String type, String detail) {
		return response(status, type, detail, Map.of());
	}

	public static ResponseEntity<Object> response(HttpStatus status, String type, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = detail(status, type, detail);
		properties.forEach(problem::setProperty);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The problem name of a bare status, for refusals that carry no name of their own
	 * (the framework's, the firewall's, the HTTP decoder's): 400 is
	 * {@code malformed-request}, the others the status in words, e.g. 406
	 * {@code not-acceptable}, 431 {@code request-header-fields-too-large}.
	 */
	public static String typeFor(HttpStatusCode status) {
		if (status.value() == 400) {
			return "malformed-request";
		}
		if (status.value() == 500) {
			return "internal";
		}
		if (status.value() == 503) {
			return "unavailable";
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') : "error";
	}

	/**
	 * The problem as plain fields in the house order, for writers outside Spring MVC's
	 * message converters (security handlers, the HTTP decoder).
	 */
	public static Map<String, Object> fields(HttpStatusCode status, String type, String detail) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("type", TYPE_BASE + type);
		fields.put("title", title(type));
		fields.put("status", status.value());
		fields.put("detail", detail);
		return fields;
	}

	/** "sold-out" becomes "Sold out", "uri-too-long" "URI too long". */
	public static String title(String type) {
		String words = type.replace('-', ' ').replace("uri ", "URI ");
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
