package io.flashgroup.coupon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.shared.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The seller and product of a campaign, which decide whether a coupon applies to its
 * orders. Read once per campaign ({@link Campaigns#find}): neither ever changes.
 */
@Component
class CampaignScopes {

	private static final int MAX_CACHED = 10_000;

	private final Campaigns campaigns;

	private final Map<Long, Scope> cache = new ConcurrentHashMap<>();

	CampaignScopes(Campaigns campaigns) {
		this.campaigns = campaigns;
	}

	/** The campaign's scope; empty when there is no such campaign. */
	Mono<Scope> of(long campaignId) {
		Scope known = this.cache.get(campaignId);
		if (known != null) {
			return Mono.just(known);
		}
		return this.campaigns.find(new CampaignId(campaignId))
			.map((campaign) -> new Scope(campaign.sellerId(), campaign.terms().sku()))
			.onErrorResume(ProblemException.class, (ex) -> Mono.empty())
			.doOnNext((scope) -> {
				if (this.cache.size() < MAX_CACHED) {
					this.cache.put(campaignId, scope);
				}
			});
	}

	/**
	 * Who sells what in a campaign.
	 *
	 * @param sellerId the seller
	 * @param sku the product
	 */
	record Scope(String sellerId, String sku) {

		/**
		 * SHOP: any campaign of the coupon's seller; SKU: the seller's campaigns of its
		 * sku.
		 */
		boolean covers(Coupon coupon) {
			boolean shop = this.sellerId.equals(coupon.sellerId());
			return "SKU".equals(coupon.scope()) ? shop && this.sku.equals(coupon.sku()) : shop;
		}

	}

}
