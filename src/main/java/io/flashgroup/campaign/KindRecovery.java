package io.flashgroup.campaign;

import reactor.core.publisher.Mono;

/**
 * How a campaign kind rebuilds its part of the hot state from PostgreSQL when Redis lost
 * it: its terms and counters in the state hash (the fields its create script writes, with
 * the counters its records imply), and its own records (groups, sessions) with their
 * indexes and timers. The orders' part (orders, buyers, idempotency keys, pay-by timers,
 * refunds, {@code sold} and {@code paid}) is already in the state when it is called.
 */
public interface KindRecovery {

	/** The kind. */
	CampaignKind kind();

	/**
	 * Adds the kind's part to {@code state}.
	 * @param campaignId the campaign
	 * @param state the state being rebuilt
	 * @return completes when done; empty or an error when the campaign is not this kind's
	 */
	Mono<Void> rebuild(long campaignId, HotState state);

}
