package io.flashgroup.shared;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
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

	/** "sold-out" becomes "Sold out". */
	static String title(String type) {
		String words = type.replace('-', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
