package io.flashgroup.flashsale;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignType;

/**
 * A flash sale as PostgreSQL records it: the shared terms are all it has.
 *
 * @param campaign the shared part
 */
record FlashSale(Campaign campaign) implements CampaignType.Defined {
}
