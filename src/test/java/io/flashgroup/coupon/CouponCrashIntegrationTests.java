package io.flashgroup.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flashgroup.order.CampaignPayments;
import io.flashgroup.order.Order;
import io.flashgroup.order.Payment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pay attempt may die after any step of the saga (lock, charge, mark paid, USED). Each
 * test leaves the state such a crash leaves, by running the steps before it, and proves
 * the coupon ends unused, or used by exactly the one order paid with it, once the sweeper
 * ran.
 */
class CouponCrashIntegrationTests extends CouponTestSupport {

	@Autowired
	List<CampaignPayments> kinds;

	@Test
	void releasesALockWhoseOrderExpiredAfterACrashAfterTheLock() {
		Fixture f = fixture("crash-lock", Duration.ofSeconds(2));
		this.coupons.lock(f.order(), f.couponId()).block(WAIT);

		sweep();
		assertThat(coupon(f.couponId()).path("status").asString()).as("its order may still be paid")
			.isEqualTo("LOCKED");

		awaitStatus(f, "EXPIRED");
		sweep();
		JsonNode coupon = coupon(f.couponId());
		assertThat(coupon.path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(coupon.path("lockedBy").asString()).isEmpty();
		assertThat(lockListed(f.couponId())).isFalse();
		// Another order may use it now.
		String next = reserve(f.saleId(), token(f.shopper(), "SHOPPER"));
		assertThat(json(payWith(next, token(f.shopper(), "SHOPPER"), f.couponId()), 200).path("discount").asLong())
			.isEqualTo(500);
	}

	@Test
	void letsTheSameOrderRetryAfterACrashAfterTheLock() {
		Fixture f = fixture("crash-retry", Duration.ofMinutes(10));
		this.coupons.lock(f.order(), f.couponId()).block(WAIT);

		JsonNode paid = json(payWith(f.order().id(), token(f.shopper(), "SHOPPER"), f.couponId()), 200);

		assertThat(paid.path("discount").asLong()).isEqualTo(500);
		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("USED");
		assertThat(coupon(f.couponId()).path("usedBy").asString()).isEqualTo(f.order().id());
	}

	@Test
	void releasesALockWhoseOrderExpiredAfterACrashAfterTheCharge() {
		Fixture f = fixture("crash-charge", Duration.ofSeconds(2));
		long discount = this.coupons.lock(f.order(), f.couponId()).block(WAIT);
		this.gateway.charge(f.order().discounted(discount, f.couponId())).block(WAIT);

		awaitStatus(f, "EXPIRED");
		sweep();

		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(orderRow(f.order().id(), "EXPIRED")).containsEntry("couponId", "");
	}

	@Test
	void usesTheCouponOfAnOrderPaidWithItBeforeACrash() {
		Fixture f = fixture("crash-mark", Duration.ofMinutes(10));
		long discount = this.coupons.lock(f.order(), f.couponId()).block(WAIT);
		flashSalePayments().markPaid(f.order(), new Payment("sim-crash", discount, f.couponId())).block(WAIT);
		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("LOCKED");

		sweep();
		sweep();

		JsonNode coupon = coupon(f.couponId());
		assertThat(coupon.path("status").asString()).isEqualTo("USED");
		assertThat(coupon.path("usedBy").asString()).isEqualTo(f.order().id());
		assertThat(lockListed(f.couponId())).isFalse();
		assertThat(orderRow(f.order().id(), "PAID")).containsEntry("discount", 500L)
			.containsEntry("couponId", f.couponId());
		String next = reserve(f.saleId(), token(f.shopper(), "SHOPPER"));
		CouponRedemptionIntegrationTests.assertProblem(payWith(next, token(f.shopper(), "SHOPPER"), f.couponId()), 409,
				"coupon-used");
	}

	@Test
	void releasesTheCouponAtOnceWhenTheChargeIsDeclined() {
		Fixture f = fixture("declined-card", Duration.ofMinutes(10));

		payWith(f.order().id(), token(f.shopper(), "SHOPPER"), f.couponId()).expectStatus()
			.isEqualTo(402)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/payment-declined");

		JsonNode coupon = coupon(f.couponId());
		assertThat(coupon.path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(lockListed(f.couponId())).isFalse();
		assertThat(stored(f.order().id(), f.shopper()).status().name()).isEqualTo("RESERVED");
	}

	@Test
	void keepsTheLockWhenADeclineMeetsAnotherAttemptInFlight() {
		Fixture f = fixture("declined-twice", Duration.ofMinutes(10));
		// Another attempt of the same order holds the lock and may still mark it paid.
		this.coupons.lock(f.order(), f.couponId()).block(WAIT);

		payWith(f.order().id(), token(f.shopper(), "SHOPPER"), f.couponId()).expectStatus().isEqualTo(402);

		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("LOCKED");
		sweep();
		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("LOCKED");
	}

	@Test
	void releasesTheCouponWhenItsOrderIsPaidAgainAfterExpiring() {
		Fixture f = fixture("crash-expired", Duration.ofSeconds(2));
		this.coupons.lock(f.order(), f.couponId()).block(WAIT);
		awaitStatus(f, "EXPIRED");

		CouponRedemptionIntegrationTests
			.assertProblem(payWith(f.order().id(), token(f.shopper(), "SHOPPER"), f.couponId()), 409, "order-expired");

		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("AVAILABLE");
	}

	@Test
	void releasesTheLockOfAnOrderPaidWithoutTheCoupon() {
		Fixture f = fixture("crash-plain", Duration.ofMinutes(10));
		this.coupons.lock(f.order(), f.couponId()).block(WAIT);
		pay(f.order().id(), token(f.shopper(), "SHOPPER"));

		sweep();

		assertThat(coupon(f.couponId()).path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(orderRow(f.order().id(), "PAID")).containsEntry("discount", 0L);
	}

	private void awaitStatus(Fixture f, String status) {
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(stored(f.order().id(), f.shopper()).status().name()).isEqualTo(status));
	}

	private CampaignPayments flashSalePayments() {
		return this.kinds.stream().filter((kind) -> kind.kind().name().equals("FLASH_SALE")).findFirst().orElseThrow();
	}

	private Fixture fixture(String name, Duration payWindow) {
		String seller = "seller-" + System.nanoTime();
		Instant now = Instant.now();
		long saleId = createSale(seller, 10, 10, now.minusSeconds(5), now.plusSeconds(3600), payWindow);
		String shopper = name + "-" + saleId;
		String couponId = giveCoupon(shopper, seller, 500, 0);
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));
		return new Fixture(saleId, shopper, couponId, stored(orderId, shopper));
	}

	private record Fixture(long saleId, String shopper, String couponId, Order order) {
	}

}
