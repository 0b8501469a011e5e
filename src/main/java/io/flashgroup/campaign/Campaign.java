package io.flashgroup.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A campaign as PostgreSQL records what all kinds share.
 *
 * @param id its id
 * @param kind its kind
 * @param sellerId the seller who owns it
 * @param terms product, price, stock, window, limits
 * @param cancelledAt when the kill switch was used, if it was
 */
public record Campaign(CampaignId id, CampaignKind kind, String sellerId, CampaignTerms terms,
		@Nullable Instant cancelledAt) {

	public boolean cancelled() {
		return this.cancelledAt != null;
	}

	/**
	 * The terms of the state hash every kind has besides its kind, window and counters
	 * ({@code campaign_create.lua} writes those itself); a kind adds its price and its
	 * own terms.
	 * @return field to value, in the scripts' order
	 */
	public Map<String, Object> sharedStateFields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", this.id.value());
		fields.put("stock", this.terms.stock());
		fields.put("currency", this.terms.price().currency());
		fields.put("perUserLimit", this.terms.perUserLimit());
		fields.put("payWindowMs", this.terms.payWindow().toMillis());
		return fields;
	}

	/**
	 * The status at {@code now} with {@code sold} units held (for views from the record).
	 */
	public String statusAt(Instant now, long sold) {
		return this.terms.statusAt(now, cancelled(), sold);
	}

}
