package io.flashgroup.campaign;

import java.util.function.Function;

import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * Why a script refused an attempt: a normal outcome, not an error, until the API answers
 * it as a problem. The refusals every kind shares are {@link CampaignRefusal}; a kind
 * adds its own as {@link KindRefusal} (a full group, a second cut).
 */
public sealed interface Refusal permits CampaignRefusal, KindRefusal {

	/** The metric tag, e.g. {@code sold_out}. */
	String tag();

	/** The problem the API answers, worded for the campaign's kind. */
	ProblemException problem(CampaignKind kind);

	/**
	 * The refusal a reply carries: a shared one ({@link CampaignRefusal}) or one of the
	 * kind's.
	 * @param reply the script's reply
	 * @param kindRefusals the kind's decoder, null for outcomes it does not know
	 * @return the refusal
	 * @throws IllegalStateException for an outcome nobody knows: a script and its caller
	 * disagree
	 */
	static Refusal of(ScriptReply reply, Function<ScriptReply, @Nullable Refusal> kindRefusals) {
		Refusal shared = CampaignRefusal.of(reply);
		Refusal refusal = (shared != null) ? shared : kindRefusals.apply(reply);
		if (refusal == null) {
			throw new IllegalStateException("Unknown outcome " + reply.outcome());
		}
		return refusal;
	}

}
