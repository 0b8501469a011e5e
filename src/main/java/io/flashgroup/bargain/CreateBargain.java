package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
 * A seller's request to create a bargain campaign. Prices are minor units.
 *
 * @param sku product SKU
 * @param title product title
 * @param imageUrl optional product image
 * @param currency ISO 4217 code
 * @param listPrice the price a session starts at
 * @param floorPrice the price all cuts together reach
 * @param helpersNeeded cuts needed to reach the floor (1..200)
 * @param sessionTtl how long a session lasts; capped at {@code endsAt}
 * @param stock units
 * @param perUserLimit sessions one shopper may start, and units they may buy (default 1)
 * @param helpsPerHelperPerDay sessions one helper may cut per campaign per day (default
 * 1)
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time to pay a purchase (default PT10M)
 * @param shareCoupon optional share-coupon terms for the buyers who paid
 */
@CrossFieldRules
public record CreateBargain(@NotBlank @Size(max = 64) @SingleLine String sku,
		@NotBlank @Size(max = 200) @SingleLine String title, @Nullable @Size(max = 500) @SingleLine String imageUrl,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
		@NotNull @PositiveOrZero @Max(100_000_000_00L) Long listPrice, @NotNull @PositiveOrZero Long floorPrice,
		@NotNull @Min(1) @Max(200) Integer helpersNeeded, @NotNull Duration sessionTtl,
		@NotNull @Min(1) @Max(10_000_000) Integer stock, @Nullable @Min(1) @Max(1_000) Integer perUserLimit,
		@Nullable @Min(1) @Max(1_000) Integer helpsPerHelperPerDay, @NotNull Instant startsAt, @NotNull Instant endsAt,
		@Nullable Duration payWindow, @Nullable @Valid ShareCoupon shareCoupon) implements CampaignRequest {

	@Override
	public Long unitPrice() {
		return this.listPrice;
	}

	@Override
	public void kindErrors(Map<String, String> errors) {
		// Reported on helpersNeeded, as the README states the rule: every helper must cut
		// at least one minor unit.
		if (this.listPrice != null && this.floorPrice != null && this.helpersNeeded != null
				&& this.listPrice - this.floorPrice < this.helpersNeeded) {
			errors.put("helpersNeeded", "must be at most listPrice - floorPrice ("
					+ Math.max(0, this.listPrice - this.floorPrice) + "): every helper cuts at least one minor unit");
		}
	}

	int effectiveHelpsPerHelperPerDay() {
		return (this.helpsPerHelperPerDay != null) ? this.helpsPerHelperPerDay : 1;
	}

}
