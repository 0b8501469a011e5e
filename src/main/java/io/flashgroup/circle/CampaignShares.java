package io.flashgroup.circle;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.ShareCoupon;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What a post copies from its order's campaign (of any kind): seller, product and the
 * share-coupon terms in their canonical JSON ({@link ShareCoupon#json()}).
 */
@Component
class CampaignShares {

	private final Campaigns campaigns;

	private final JsonMapper json;

	CampaignShares(Campaigns campaigns, JsonMapper json) {
		this.campaigns = campaigns;
		this.json = json;
	}

	/** The campaign's sharing terms, or a 404 problem. */
	Mono<Share> find(long campaignId) {
		return this.campaigns.find(new CampaignId(campaignId)).map((campaign) -> {
			CampaignTerms terms = campaign.terms();
			ShareCoupon coupon = terms.shareCoupon();
			return new Share(campaignId, campaign.sellerId(), terms.sku(), terms.title(), terms.price().currency(),
					(coupon != null) ? this.json.readTree(coupon.json()) : null);
		});
	}

	/**
	 * A campaign's sharing terms.
	 *
	 * @param campaignId the campaign
	 * @param sellerId its seller
	 * @param sku product SKU
	 * @param title product title
	 * @param currency ISO 4217 code
	 * @param coupon the share-coupon terms, or null when its buyers get nothing to share
	 */
	record Share(long campaignId, String sellerId, String sku, String title, String currency,
			@Nullable JsonNode coupon) {
	}

}
