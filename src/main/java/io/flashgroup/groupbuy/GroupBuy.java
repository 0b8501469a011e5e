package io.flashgroup.groupbuy;

import java.time.Duration;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignType;
import org.jspecify.annotations.Nullable;

/**
 * A group buy as PostgreSQL records it: the shared terms (the listed price is the member
 * price) and its own.
 *
 * @param campaign the shared part
 * @param leaderPrice opener's price, if different
 * @param soloPrice comparison price
 * @param groupSize members per group
 * @param groupTtl how long a group stays open
 * @param minRealMembers virtual fill threshold, 0 when none
 */
record GroupBuy(Campaign campaign, @Nullable Long leaderPrice, @Nullable Long soloPrice, int groupSize,
		Duration groupTtl, int minRealMembers) implements CampaignType.Defined {

	/** The listed price: what a member pays. */
	long groupPrice() {
		return this.campaign.terms().price().minor();
	}

	static String topic(long id) {
		return GroupBuyType.KIND.topicPrefix() + ":" + id;
	}

}
