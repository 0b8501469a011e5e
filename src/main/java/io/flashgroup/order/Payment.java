package io.flashgroup.order;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a pay script records on the order it marks paid, passed as one JSON argument
 * ({@code {"ref":..,"discount":..,"couponId":..}}) so every kind's script hands it to
 * {@code mark_paid} unchanged.
 *
 * @param ref the gateway's payment reference
 * @param discount minor units a coupon took off (0 without one)
 * @param couponId the coupon, else null
 */
public record Payment(String ref, long discount, @Nullable String couponId) {

	private static final JsonMapper JSON = JsonMapper.shared();

	/** A payment without a coupon. */
	public static Payment of(String ref) {
		return new Payment(ref, 0, null);
	}

	/** The script argument. */
	public String json() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("ref", this.ref);
		fields.put("discount", this.discount);
		fields.put("couponId", (this.couponId != null) ? this.couponId : "");
		return JSON.writeValueAsString(fields);
	}

}
