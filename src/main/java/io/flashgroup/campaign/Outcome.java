package io.flashgroup.campaign;

import java.util.Locale;

/**
 * What an attempt on a campaign came to: done (perhaps a retry answered with its first
 * result), or refused. Sold out is a normal outcome, not an exception (house rule 4):
 * {@link Outcomes} turns it into a problem and a metric, in one place for every kind.
 *
 * @param <T> what a done attempt yields
 */
public sealed interface Outcome<T> {

	/** The metric tag of the outcome. */
	String tag();

	/**
	 * Done.
	 *
	 * @param value the result
	 * @param replayed whether this answers a retry with its first result
	 * @param outcome the script's word for it, e.g. {@code RESERVED}, {@code DUPLICATE}
	 */
	record Done<T>(T value, boolean replayed, String outcome) implements Outcome<T> {

		/**
		 * The script's word in lower case, e.g. {@code reserved}, or {@code replayed}.
		 */
		@Override
		public String tag() {
			return this.replayed ? "replayed" : this.outcome.toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Refused.
	 *
	 * @param refusal why
	 */
	record Refused<T>(Refusal refusal) implements Outcome<T> {

		@Override
		public String tag() {
			return this.refusal.tag();
		}

	}

	/**
	 * Done, as the script's reply says: {@code DUPLICATE} answers a retry with its first
	 * result.
	 */
	static <T> Outcome<T> done(T value, ScriptReply reply) {
		boolean replayed = "DUPLICATE".equals(reply.outcome());
		return new Done<>(value, replayed, reply.outcome());
	}

	static <T> Outcome<T> refused(Refusal refusal) {
		return new Refused<>(refusal);
	}

}
