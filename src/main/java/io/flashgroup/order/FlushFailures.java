package io.flashgroup.order;

import java.time.Duration;
import java.util.Set;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Tells a batch that failed because of what it holds from one that failed because
 * PostgreSQL could not be reached. Only the first kind is split and dead-lettered:
 * anything else (connection lost, timeout, pool exhausted, rollback, unknown) keeps the
 * whole batch for a retry with backoff, so an outage never turns good records into dead
 * letters.
 */
public final class FlushFailures {

	/**
	 * SQLSTATE classes that blame the data: 22 data exception (e.g. 22021, a NUL in
	 * text), 23 integrity constraint violation, 42 syntax error or access rule violation
	 * (e.g. a value that does not cast).
	 */
	private static final Set<String> RECORD_CLASSES = Set.of("22", "23", "42");

	/** 42501 is a missing privilege: a deployment fault, not a record's. */
	private static final String PERMISSION_DENIED = "42501";

	private static final int MAX_ERROR_LENGTH = 2000;

	private FlushFailures() {
	}

	/**
	 * Whether the failure is caused by a record (a poison) rather than by connectivity.
	 */
	public static boolean isRecordFault(Throwable failure) {
		R2dbcException r2dbc = r2dbcCause(failure);
		if (r2dbc != null) {
			String state = r2dbc.getSqlState();
			if (state != null && state.length() == 5) {
				return RECORD_CLASSES.contains(state.substring(0, 2)) && !PERMISSION_DENIED.equals(state);
			}
			return r2dbc instanceof R2dbcDataIntegrityViolationException || r2dbc instanceof R2dbcBadGrammarException;
		}
		// An entry that cannot be decoded fails the same way on every retry.
		return cause(failure, JacksonException.class) != null;
	}

	/**
	 * The error as stored with a dead letter: the database's own message and SQLSTATE.
	 */
	public static String describe(Throwable failure) {
		R2dbcException r2dbc = r2dbcCause(failure);
		Throwable shown = (r2dbc != null) ? r2dbc : failure;
		String text = shown.getClass().getSimpleName() + ((r2dbc != null) ? " [" + r2dbc.getSqlState() + "]" : "")
				+ ": " + shown.getMessage();
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text;
	}

	/**
	 * The pause before the next pass after {@code failures} consecutive failed ones (0
	 * for the first): 100 ms, doubling, at most {@code maxBackoff}.
	 */
	public static Duration backoff(int failures, Duration maxBackoff) {
		int attempt = Math.min(failures, 16);
		return Duration.ofMillis(Math.min(maxBackoff.toMillis(), 100L << Math.min(attempt, 10)));
	}

	private static @Nullable R2dbcException r2dbcCause(Throwable failure) {
		return cause(failure, R2dbcException.class);
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
