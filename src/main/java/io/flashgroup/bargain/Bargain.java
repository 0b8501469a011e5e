package io.flashgroup.bargain;

import java.time.Duration;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignType;

/**
 * A bargain campaign as PostgreSQL records it: the shared terms (the listed price is the
 * price a session starts at) and its own.
 *
 * @param campaign the shared part
 * @param floorPrice price after every cut
 * @param helpersNeeded cuts to reach the floor
 * @param sessionTtl session lifetime
 * @param helpsPerHelperPerDay sessions a helper may cut per day
 */
record Bargain(Campaign campaign, long floorPrice, int helpersNeeded, Duration sessionTtl,
		int helpsPerHelperPerDay) implements CampaignType.Defined {

	/** The listed price: the price a session starts at. */
	long listPrice() {
		return this.campaign.terms().price().minor();
	}

}
