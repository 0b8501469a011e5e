package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;

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

	long id() {
		return this.campaign.id().value();
	}

	long listPrice() {
		return this.campaign.terms().price().minor();
	}

	String currency() {
		return this.campaign.terms().price().currency();
	}

	int stock() {
		return this.campaign.terms().stock();
	}

	int perUserLimit() {
		return this.campaign.terms().perUserLimit();
	}

	Instant startsAt() {
		return this.campaign.terms().startsAt();
	}

	Instant endsAt() {
		return this.campaign.terms().endsAt();
	}

	Duration payWindow() {
		return this.campaign.terms().payWindow();
	}

	boolean cancelled() {
		return this.campaign.cancelled();
	}

}
