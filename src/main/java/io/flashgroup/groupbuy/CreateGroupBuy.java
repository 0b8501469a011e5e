package io.flashgroup.groupbuy;

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
 * A seller's request to create a group buy. Prices are minor units.
 *
 * @param sku product SKU
 * @param title product title
 * @param imageUrl optional product image
 * @param currency ISO 4217 code
 * @param groupPrice what each member pays
 * @param leaderPrice what the group's opener pays, if different (may be 0)
 * @param soloPrice the price alone, shown for comparison
 * @param groupSize members a group needs (2..50)
 * @param groupTtl how long a group stays open; capped at {@code endsAt}
 * @param stock units in all
 * @param perUserLimit seats one shopper may hold across the campaign (default 1)
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param payWindow time to pay a seat (default PT10M)
 * @param virtualFill optional: a group with this many paid real members succeeds at its
 * deadline
 * @param shareCoupon optional share-coupon terms for the buyers who paid
 */
@CrossFieldRules
public record CreateGroupBuy(@NotBlank @Size(max = 64) @SingleLine String sku,
		@NotBlank @Size(max = 200) @SingleLine String title, @Nullable @Size(max = 500) @SingleLine String imageUrl,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
		@NotNull @PositiveOrZero @Max(100_000_000_00L) Long groupPrice,
		@Nullable @PositiveOrZero @Max(100_000_000_00L) Long leaderPrice,
		@Nullable @PositiveOrZero @Max(100_000_000_00L) Long soloPrice, @NotNull @Min(2) @Max(50) Integer groupSize,
		@NotNull Duration groupTtl, @NotNull @Min(1) @Max(10_000_000) Integer stock,
		@Nullable @Min(1) @Max(1_000) Integer perUserLimit, @NotNull Instant startsAt, @NotNull Instant endsAt,
		@Nullable Duration payWindow, @Nullable @Valid VirtualFill virtualFill,
		@Nullable @Valid ShareCoupon shareCoupon) implements CampaignRequest {

	@Override
	public Long unitPrice() {
		return this.groupPrice;
	}

	@Override
	public void kindErrors(Map<String, String> errors) {
		// An opener paying more than the members would be a penalty, not a perk.
		if (this.leaderPrice != null && this.groupPrice != null && this.leaderPrice > this.groupPrice) {
			errors.put("leaderPrice", "must not be above groupPrice (" + this.groupPrice + ")");
		}
		if (this.virtualFill != null && this.virtualFill.minRealMembers() != null && this.groupSize != null
				&& this.virtualFill.minRealMembers() >= this.groupSize) {
			errors.put("virtualFill.minRealMembers", "must be below groupSize (" + this.groupSize + ")");
		}
	}

	int minRealMembers() {
		return (this.virtualFill != null && this.virtualFill.minRealMembers() != null)
				? this.virtualFill.minRealMembers() : 0;
	}

	/**
	 * Virtual fill.
	 *
	 * @param minRealMembers paid real members that make a group succeed at its deadline
	 */
	public record VirtualFill(@NotNull @Min(1) @Max(49) Integer minRealMembers) {
	}

}
