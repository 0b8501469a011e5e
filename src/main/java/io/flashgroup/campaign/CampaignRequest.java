package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashgroup.shared.CrossFieldChecked;
import io.flashgroup.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * A seller's request to create a campaign of any kind: the fields every kind shares, with
 * their defaults and the rules between them checked once here. Each kind's request record
 * declares the fields (they are its JSON) and adds its own.
 */
public interface CampaignRequest extends CrossFieldChecked {

	/** The pay window when the request gives none. */
	Duration DEFAULT_PAY_WINDOW = Duration.ofMinutes(10);

	String sku();

	String title();

	@Nullable String imageUrl();

	String currency();

	/** The listed unit price in minor units (the field a kind names it by). */
	Long unitPrice();

	Integer stock();

	@Nullable Integer perUserLimit();

	Instant startsAt();

	Instant endsAt();

	@Nullable Duration payWindow();

	/** Share-coupon terms for the campaign's paying buyers, if any. */
	@Nullable ShareCoupon shareCoupon();

	/** The shared terms, defaults applied. */
	default CampaignTerms terms() {
		String image = imageUrl();
		Duration pay = payWindow();
		Integer limit = perUserLimit();
		return new CampaignTerms(sku(), title(), image, new Money(unitPrice(), currency()), stock(),
				(limit != null) ? limit : 1, startsAt(), endsAt(), (pay != null) ? pay : DEFAULT_PAY_WINDOW,
				shareCoupon());
	}

	@Override
	default Map<String, String> crossFieldErrors() {
		Map<String, String> errors = new LinkedHashMap<>();
		CrossFieldChecked.checkWindow(errors, startsAt(), endsAt());
		CrossFieldChecked.checkCurrency(errors, currency());
		ShareCoupon coupon = shareCoupon();
		if (coupon != null && coupon.discount() != null) {
			coupon.check(errors);
		}
		kindErrors(errors);
		return errors;
	}

	/** The kind's own rules between fields, reported into {@code errors}. */
	default void kindErrors(Map<String, String> errors) {
	}

}
