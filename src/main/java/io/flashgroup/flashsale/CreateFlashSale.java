package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignRequest;
import io.flashgroup.campaign.ShareCoupon;
import io.flashgroup.shared.CrossFieldRules;
import io.flashgroup.shared.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A seller's request to create a flash sale.
 *
 * @param sku product SKU
 * @param title product title
 * @param imageUrl optional product image
 * @param price unit price in minor units
 * @param currency ISO 4217 code
 * @param stock units for sale
 * @param perUserLimit units one shopper may hold (default 1)
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time to pay a reservation (default PT10M)
 * @param shareCoupon optional share-coupon terms for the buyers who paid
 * @param buckets optional number of stock buckets, 1 to 16 (default 1): a sale hotter
 * than one Redis shard splits its stock over that many hash tags (see
 * {@link FlashSaleBuckets}); at most one bucket per unit of stock
 */
@CrossFieldRules
public record CreateFlashSale(@NotBlank @Size(max = 64) @SingleLine String sku,
		@NotBlank @Size(max = 200) @SingleLine String title, @Nullable @Size(max = 500) @SingleLine String imageUrl,
		@NotNull @PositiveOrZero @Max(100_000_000_00L) Long price,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
		@NotNull @Min(1) @Max(10_000_000) Integer stock, @Nullable @Min(1) @Max(1_000) Integer perUserLimit,
		@NotNull Instant startsAt, @NotNull Instant endsAt, @Nullable Duration payWindow,
		@Nullable @Valid ShareCoupon shareCoupon,
		@Nullable @Min(1) @Max(CampaignKeys.MAX_BUCKETS) Integer buckets) implements CampaignRequest {

	@Override
	public Long unitPrice() {
		return this.price;
	}

	/** The buckets asked for, 1 by default. */
	int bucketCount() {
		return (this.buckets != null) ? this.buckets : 1;
	}

	@Override
	public void kindErrors(Map<String, String> errors) {
		if (this.buckets != null && this.stock != null && this.buckets > this.stock) {
			errors.put("buckets", "must not exceed stock");
		}
	}

}
