package io.flashgroup.flashsale;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignType;

/**
 * A flash sale as PostgreSQL records it: the shared terms, and the number of stock
 * buckets its hot state is split into.
 *
 * @param campaign the shared part
 * @param buckets stock buckets, 1 when not split
 */
record FlashSale(Campaign campaign, int buckets) implements CampaignType.Defined {
}
