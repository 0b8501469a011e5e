package io.flashgroup.coupon;

import io.flashgroup.order.Order;
import io.flashgroup.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CouponTests {

	@Test
	void readsThePostOfACouponId() {
		assertThat(Coupon.postOf("4711-3")).isEqualTo(4711);
		assertThat(Coupon.postOf("4711")).isEqualTo(-1);
		assertThat(Coupon.postOf("-3")).isEqualTo(-1);
		assertThat(Coupon.postOf("4711-")).isEqualTo(-1);
		assertThat(Coupon.postOf("abc-1")).isEqualTo(-1);
		assertThat(Coupon.postOf("4711-x")).isEqualTo(-1);
	}

	@Test
	void settlesALockAsItsOrdersFateSays() {
		assertThat(Coupons.verdict(order(OrderStatus.RESERVED, null), "1-1")).isNull();
		assertThat(Coupons.verdict(order(OrderStatus.PAID, "1-1"), "1-1")).isEqualTo(CouponScripts.Verdict.USE);
		assertThat(Coupons.verdict(order(OrderStatus.REFUNDED, "1-1"), "1-1")).isEqualTo(CouponScripts.Verdict.USE);
		assertThat(Coupons.verdict(order(OrderStatus.SETTLED, null), "1-1")).isEqualTo(CouponScripts.Verdict.RELEASE);
		assertThat(Coupons.verdict(order(OrderStatus.PAID, "2-1"), "1-1")).isEqualTo(CouponScripts.Verdict.RELEASE);
		assertThat(Coupons.verdict(order(OrderStatus.EXPIRED, null), "1-1")).isEqualTo(CouponScripts.Verdict.RELEASE);
		assertThat(Coupons.verdict(order(OrderStatus.CANCELLED, null), "1-1")).isEqualTo(CouponScripts.Verdict.RELEASE);
	}

	private static Order order(OrderStatus status, String couponId) {
		return new Order("0190d2c4-0000-7000-8000-000000000001", 1, "FLASH_SALE", "bob", 1, 1999, "EUR", status, 2, 0,
				0, 0, null, null, null, (couponId != null) ? 500 : 0, couponId);
	}

}
