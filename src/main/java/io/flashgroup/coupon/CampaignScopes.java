package io.flashgroup.coupon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The seller and product of a campaign, which decide whether a coupon applies to its
 * orders. Read once per campaign from PostgreSQL: neither ever changes.
 */
@Component
class CampaignScopes {

	private static final int MAX_CACHED = 10_000;

	private final DatabaseClient db;

	private final Map<Long, Scope> cache = new ConcurrentHashMap<>();

	CampaignScopes(DatabaseClient db) {
		this.db = db;
	}

	/** The campaign's scope; empty when there is no such campaign. */
	Mono<Scope> of(long campaignId) {
		Scope known = this.cache.get(campaignId);
		if (known != null) {
			return Mono.just(known);
		}
		return this.db.sql("SELECT seller_id, sku FROM campaigns WHERE id = $1")
			.bind(0, campaignId)
			.map((row) -> new Scope(row.get("seller_id", String.class), row.get("sku", String.class)))
			.one()
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
