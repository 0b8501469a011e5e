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
	 * The fields of the state hash every kind's create script writes from the terms (the
	 * counters start at 0 and are not among them), as a rebuild restores them.
	 * @param priceField the name the kind gives the listed price, e.g. {@code groupPrice}
	 * @return field to value, in the scripts' order
	 */
	public Map<String, Object> stateFields(String priceField) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("kind", this.kind.name());
		fields.put("id", this.id.value());
		fields.put("stock", this.terms.stock());
		fields.put(priceField, this.terms.price().minor());
		fields.put("currency", this.terms.price().currency());
		fields.put("perUserLimit", this.terms.perUserLimit());
		fields.put("startsAt", this.terms.startsAt().toEpochMilli());
		fields.put("endsAt", this.terms.endsAt().toEpochMilli());
		fields.put("payWindowMs", this.terms.payWindow().toMillis());
		fields.put("cancelled", cancelled() ? 1 : 0);
		return fields;
	}

	/**
	 * The status at {@code now} with {@code sold} units held (for views from the record).
	 */
	public String statusAt(Instant now, long sold) {
		return this.terms.statusAt(now, cancelled(), sold);
	}

}
