package io.flashgroup.campaign;

import io.flashgroup.shared.ProblemException;

/**
 * A campaign's id: 1 to {@link CampaignKeys#MAX_ID}, since order ids embed it in 32 bits.
 *
 * @param value the id
 */
public record CampaignId(long value) {

	public CampaignId {
		if (value <= 0 || value > CampaignKeys.MAX_ID) {
			throw new IllegalArgumentException("Campaign id out of range: " + value);
		}
	}

	/**
	 * The id written in a path segment, in its one canonical form
	 * ({@link CampaignKeys#idOf}); anything else is simply not found.
	 * @param text the path segment
	 * @param kind the kind the path serves, which names the problem
	 * @return the id
	 */
	public static CampaignId parse(String text, CampaignKind kind) {
		return new CampaignId(CampaignKeys.idOf(text).orElseThrow(() -> ProblemException.notFound(kind.named(text))));
	}

	/** The campaign's Redis keys. */
	public CampaignKeys keys() {
		return new CampaignKeys(this.value);
	}

	@Override
	public String toString() {
		return Long.toString(this.value);
	}

}
