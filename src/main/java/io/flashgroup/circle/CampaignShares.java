package io.flashgroup.circle;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * What a post copies from its order's campaign: seller, product and the share-coupon
 * terms, in their canonical JSON ({@code validForMs}), read from the campaign's record
 * (campaigns never change these once created).
 */
@Component
class CampaignShares {

	private final DatabaseClient db;

	private final JsonMapper json;

	CampaignShares(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** The campaign's sharing terms; empty when there is no such campaign. */
	Mono<Share> find(long campaignId) {
		return this.db
			.sql("SELECT seller_id, sku, title, currency, share_coupon::text AS share_coupon FROM campaigns "
					+ "WHERE id = $1")
			.bind(0, campaignId)
			.map((row) -> new Share(campaignId, row.get("seller_id", String.class), row.get("sku", String.class),
					row.get("title", String.class), row.get("currency", String.class).strip(),
					canonical(row.get("share_coupon", String.class))))
			.one();
	}

	/**
	 * The terms as {@code ShareCoupon.json()} writes them: a stored ISO {@code validFor}
	 * becomes {@code validForMs}.
	 */
	private @Nullable JsonNode canonical(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		JsonNode node = this.json.readTree(stored);
		if (node.isNull() || !node.isObject()) {
			return null;
		}
		ObjectNode terms = this.json.createObjectNode();
		terms.set("discount", node.path("discount"));
		terms.put("minSpend", node.path("minSpend").asLong(0));
		long validForMs = node.has("validForMs") ? node.path("validForMs").asLong()
				: Duration.parse(node.path("validFor").asString("P7D")).toMillis();
		terms.put("validForMs", validForMs);
		terms.put("claimsPerShare", node.path("claimsPerShare").asInt());
		terms.put("scope", node.path("scope").asString("SHOP"));
		return terms;
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
