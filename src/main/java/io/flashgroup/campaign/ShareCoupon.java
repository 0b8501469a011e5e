package io.flashgroup.campaign;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seller's share-coupon terms on a campaign: each buyer who paid may post one coupon of
 * these terms into the shopping circle, which {@code claimsPerShare} friends may claim.
 * The same record is the request field, the view field and the stored column.
 *
 * @param discount what the coupon takes off
 * @param minSpend the least payable amount (minor units, before the discount) it applies
 * to; default 0
 * @param validFor how long a claimed coupon stays usable; default P7D
 * @param claimsPerShare how many friends may claim one post; default 5
 * @param scope the seller's whole shop, or the campaign's SKU only; default SHOP
 */
public record ShareCoupon(@NotNull @Valid Discount discount, @Nullable @Min(0) @Max(100_000_000_00L) Long minSpend,
		@Nullable Duration validFor, @Nullable @Min(1) @Max(1_000) Integer claimsPerShare, @Nullable Scope scope) {

	/** The shortest and longest life of a claimed coupon. */
	static final Duration MIN_VALID_FOR = Duration.ofHours(1);

	static final Duration MAX_VALID_FOR = Duration.ofDays(366);

	/** Where a coupon applies. */
	public enum Scope {

		/** Any order of the same seller. */
		SHOP,

		/** Orders of the same seller and SKU. */
		SKU

	}

	/**
	 * An amount off, or a percentage off up to a cap: exactly one of {@code amount} and
	 * {@code percent}, and {@code cap} with a percentage.
	 *
	 * @param amount minor units off
	 * @param percent percent off, 1 to 100
	 * @param cap the most a percentage takes off, in minor units
	 */
	public record Discount(@Nullable @Min(1) @Max(100_000_000_00L) Long amount,
			@Nullable @Min(1) @Max(100) Integer percent, @Nullable @Min(1) @Max(100_000_000_00L) Long cap) {

		/** What it takes off {@code payable}: never more than {@code payable}. */
		public long of(long payable) {
			long off = (this.amount != null) ? this.amount
					: Math.min(Math.multiplyExact(payable, (long) this.percent) / 100, this.cap);
			return Math.max(0, Math.min(off, payable));
		}

		String json() {
			return (this.amount != null) ? "{\"amount\":" + this.amount + "}"
					: "{\"percent\":" + this.percent + ",\"cap\":" + this.cap + "}";
		}

	}

	public ShareCoupon {
		minSpend = (minSpend != null) ? minSpend : 0L;
		validFor = (validFor != null) ? validFor : Duration.ofDays(7);
		claimsPerShare = (claimsPerShare != null) ? claimsPerShare : 5;
		scope = (scope != null) ? scope : Scope.SHOP;
	}

	/** The discount on {@code payable} (minor units), never more than it. */
	public long discountFor(long payable) {
		return this.discount.of(payable);
	}

	/**
	 * The canonical JSON the scripts and PostgreSQL keep:
	 * {@code {"discount":{..},"minSpend":..,"validForMs":..,"claimsPerShare":..,"scope":".."}}.
	 */
	public String json() {
		return "{\"discount\":" + this.discount.json() + ",\"minSpend\":" + this.minSpend + ",\"validForMs\":"
				+ this.validFor.toMillis() + ",\"claimsPerShare\":" + this.claimsPerShare + ",\"scope\":\"" + this.scope
				+ "\"}";
	}

	/** The terms from their canonical JSON. */
	public static ShareCoupon fromJson(String json) {
		JsonNode node = JsonMapper.shared().readTree(json);
		JsonNode discount = node.get("discount");
		return new ShareCoupon(
				new Discount(longOrNull(discount, "amount"),
						discount.has("percent") ? discount.get("percent").asInt() : null, longOrNull(discount, "cap")),
				node.get("minSpend").asLong(), Duration.ofMillis(node.get("validForMs").asLong()),
				node.get("claimsPerShare").asInt(), Scope.valueOf(node.get("scope").asString()));
	}

	private static @Nullable Long longOrNull(JsonNode node, String field) {
		return node.has(field) ? node.get(field).asLong() : null;
	}

	/** The rules between fields, keyed by request field ({@code shareCoupon.*}). */
	void check(Map<String, String> errors) {
		boolean amount = this.discount.amount() != null;
		boolean percent = this.discount.percent() != null;
		if (amount == percent) {
			errors.put("shareCoupon.discount", "give exactly one of amount and percent");
		}
		else if (percent && this.discount.cap() == null) {
			errors.put("shareCoupon.discount.cap", "a percentage needs a cap (minor units)");
		}
		else if (amount && this.discount.cap() != null) {
			errors.put("shareCoupon.discount.cap", "only a percentage takes a cap");
		}
		if (this.validFor.compareTo(MIN_VALID_FOR) < 0 || this.validFor.compareTo(MAX_VALID_FOR) > 0) {
			errors.put("shareCoupon.validFor", "must be between PT1H and P366D");
		}
	}

}
