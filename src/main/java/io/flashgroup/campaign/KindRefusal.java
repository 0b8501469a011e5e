package io.flashgroup.campaign;

import java.util.Map;

import io.flashgroup.shared.ProblemException;

/**
 * A refusal only one kind answers (a full group, a second cut): its metric tag and the
 * problem the API answers, both fixed when the kind decodes the script's reply.
 *
 * @param tag the metric tag, e.g. {@code group_full}
 * @param problem the problem
 */
public record KindRefusal(String tag, ProblemException problem) implements Refusal {

	/**
	 * A 409 whose tag is its type, e.g. {@code group-full} counted as {@code group_full}.
	 */
	public static KindRefusal conflict(String type, String detail, Map<String, Object> properties) {
		return new KindRefusal(type.replace('-', '_'), ProblemException.conflict(type, detail, properties));
	}

	@Override
	public ProblemException problem(CampaignKind kind) {
		return this.problem;
	}

}
