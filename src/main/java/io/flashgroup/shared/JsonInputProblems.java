package io.flashgroup.shared;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Finds the request field behind a body Jackson could not bind ({@code quantity: 1.5},
 * {@code endsAt: "tomorrow"}), so the client gets the same {@code validation} problem
 * with {@code errors} per field as for any other invalid value. Bodies that are not JSON,
 * or not the expected shape at the top, have no such field: they stay
 * {@code malformed-request}.
 */
final class JsonInputProblems {

	private static final Set<Class<?>> INTEGERS = Set.of(Integer.class, int.class, Long.class, long.class, Short.class,
			short.class, Byte.class, byte.class, BigInteger.class);

	private static final String OUT_OF_RANGE = "is out of range";

	private JsonInputProblems() {
	}

	/**
	 * The offending field and what is wrong with it.
	 *
	 * @param field dotted path, e.g. {@code virtualFill.minRealMembers} or
	 * {@code roles[0]}
	 * @param message e.g. {@code must be an integer}
	 */
	record FieldProblem(String field, String message) {
	}

	/** The field problem in the failure's causes, if Jackson named a field. */
	static Optional<FieldProblem> of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return fieldProblem(jackson);
			}
		}
		return Optional.empty();
	}

	private static Optional<FieldProblem> fieldProblem(JacksonException ex) {
		String field = path(ex);
		if (field.isEmpty()) {
			return Optional.empty();
		}
		if (ex instanceof InputCoercionException coercion) {
			return Optional.of(new FieldProblem(field, OUT_OF_RANGE));
		}
		if (ex instanceof MismatchedInputException mismatch) {
			return Optional.of(new FieldProblem(field, message(mismatch)));
		}
		return Optional.empty();
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String message(MismatchedInputException ex) {
		Class<?> target = ex.getTargetType();
		String original = String.valueOf(ex.getOriginalMessage());
		if (target == null) {
			return "has the wrong type";
		}
		if (INTEGERS.contains(target)) {
			return original.contains("out of range") ? OUT_OF_RANGE : "must be an integer";
		}
		if (Instant.class.equals(target)) {
			return "must be an ISO-8601 instant such as 2030-01-01T10:00:00Z";
		}
		if (Duration.class.equals(target)) {
			return "must be an ISO-8601 duration such as PT10M";
		}
		if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
			return "must be a number";
		}
		if (Boolean.class.equals(target) || boolean.class.equals(target)) {
			return "must be true or false";
		}
		if (String.class.equals(target)) {
			return "must be a string";
		}
		if (Collection.class.isAssignableFrom(target) || target.isArray()) {
			return "must be a list";
		}
		return "has the wrong type";
	}

}
