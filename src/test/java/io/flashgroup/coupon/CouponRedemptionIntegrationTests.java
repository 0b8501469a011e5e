package io.flashgroup.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class CouponRedemptionIntegrationTests extends CouponTestSupport {

	private static final String PROBLEMS = "https://flashgroup.io/problems/";

	@Test
	void paysTheTotalLessTheDiscountAndUsesTheCoupon() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "happy-" + saleId;
		String couponId = giveCoupon(shopper, seller, 500, 1000);
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		JsonNode paid = json(payWith(orderId, token(shopper, "SHOPPER"), couponId), 200);

		assertThat(paid.path("status").asString()).isEqualTo("PAID");
		assertThat(paid.path("total").asLong()).isEqualTo(1999);
		assertThat(paid.path("discount").asLong()).isEqualTo(500);
		assertThat(paid.path("payable").asLong()).isEqualTo(1499);
		assertThat(paid.path("couponId").asString()).isEqualTo(couponId);
		assertThat(this.gateway.charged(orderId)).isEqualTo(1499);
		JsonNode coupon = coupon(couponId);
		assertThat(coupon.path("status").asString()).isEqualTo("USED");
		assertThat(coupon.path("usedBy").asString()).isEqualTo(orderId);
		assertThat(lockListed(couponId)).isFalse();
		assertThat(orderRow(orderId, "PAID")).containsEntry("discount", 500L).containsEntry("couponId", couponId);
		// A retry answers the paid order and leaves the coupon as it is.
		assertThat(json(payWith(orderId, token(shopper, "SHOPPER"), couponId), 200).path("discount").asLong())
			.isEqualTo(500);
		assertThat(coupon(couponId).path("version").asInt()).isEqualTo(coupon.path("version").asInt());
	}

	@Test
	void takesAPercentageUpToItsCap() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "percent-" + saleId;
		String couponId = giveCoupon(shopper, seller, "SKU-1", "SKU", Map.of("percent", 50, "cap", 700), 0,
				Instant.now().plusSeconds(3600));
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		JsonNode paid = json(payWith(orderId, token(shopper, "SHOPPER"), couponId), 200);

		assertThat(paid.path("discount").asLong()).isEqualTo(700);
		assertThat(paid.path("payable").asLong()).isEqualTo(1299);
	}

	@Test
	void paysWithoutABodyAsBefore() {
		long saleId = sale("seller-" + System.nanoTime());
		String shopper = token("plain-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper);

		JsonNode paid = pay(orderId, shopper);

		assertThat(paid.path("discount").asLong()).isZero();
		assertThat(paid.path("payable").asLong()).isEqualTo(1999);
		assertThat(paid.has("couponId")).isFalse();
		assertThat(orderRow(orderId, "PAID")).containsEntry("discount", 0L).containsEntry("couponId", "");
	}

	@Test
	void refusesACouponOfAnotherShopperAsNotFound() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String couponId = giveCoupon("someone-else-" + saleId, seller, 500, 0);
		String shopper = token("thief-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper);

		assertProblem(payWith(orderId, shopper, couponId), 404, "coupon-not-found");
		assertProblem(payWith(orderId, shopper, "4711-1"), 404, "coupon-not-found");
		assertProblem(payWith(orderId, shopper, "no-coupon"), 404, "coupon-not-found");
		assertThat(coupon(couponId).path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(this.gateway.charges(orderId)).isZero();
	}

	@Test
	void refusesAUsedCoupon() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "twice-" + saleId;
		String couponId = giveCoupon(shopper, seller, 500, 0);
		String first = reserve(saleId, token(shopper, "SHOPPER"));
		String second = reserve(saleId, token(shopper, "SHOPPER"));
		json(payWith(first, token(shopper, "SHOPPER"), couponId), 200);

		assertProblem(payWith(second, token(shopper, "SHOPPER"), couponId), 409, "coupon-used");
		assertThat(this.gateway.charges(second)).isZero();
		assertThat(stored(second, shopper).status().name()).isEqualTo("RESERVED");
	}

	@Test
	void refusesAnExpiredCoupon() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "late-" + saleId;
		String couponId = giveCoupon(shopper, seller, "SKU-1", "SHOP", Map.of("amount", 100), 0,
				Instant.now().minusSeconds(1));
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		assertProblem(payWith(orderId, token(shopper, "SHOPPER"), couponId), 409, "coupon-expired");
		assertThat(coupon(couponId).path("status").asString()).isEqualTo("AVAILABLE");
	}

	@Test
	void refusesACouponLockedByAnotherOrder() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "locked-" + saleId;
		String couponId = giveCoupon(shopper, seller, 500, 0);
		String first = reserve(saleId, token(shopper, "SHOPPER"));
		String second = reserve(saleId, token(shopper, "SHOPPER"));
		this.coupons.lock(stored(first, shopper), couponId).block(WAIT);

		assertProblem(payWith(second, token(shopper, "SHOPPER"), couponId), 409, "coupon-locked");
		assertThat(coupon(couponId).path("lockedBy").asString()).isEqualTo(first);
		assertThat(this.gateway.charges(second)).isZero();
	}

	@Test
	void refusesACouponOfAnotherSellerOrSku() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "scope-" + saleId;
		String otherShop = giveCoupon(shopper, "another-seller", 500, 0);
		String otherSku = giveCoupon(shopper, seller, "SKU-2", "SKU", Map.of("amount", 500), 0,
				Instant.now().plusSeconds(3600));
		String anySkuOfTheShop = giveCoupon(shopper, seller, "SKU-2", "SHOP", Map.of("amount", 300), 0,
				Instant.now().plusSeconds(3600));
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		assertProblem(payWith(orderId, token(shopper, "SHOPPER"), otherShop), 422, "coupon-not-applicable");
		assertProblem(payWith(orderId, token(shopper, "SHOPPER"), otherSku), 422, "coupon-not-applicable");
		assertThat(coupon(otherSku).path("status").asString()).isEqualTo("AVAILABLE");
		assertThat(json(payWith(orderId, token(shopper, "SHOPPER"), anySkuOfTheShop), 200).path("discount").asLong())
			.isEqualTo(300);
	}

	@Test
	void refusesAnOrderBelowTheMinimumSpend() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "small-" + saleId;
		String couponId = giveCoupon(shopper, seller, 500, 5000);
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		JsonNode problem = assertProblem(payWith(orderId, token(shopper, "SHOPPER"), couponId), 422,
				"coupon-min-spend");

		assertThat(problem.path("minSpend").asLong()).isEqualTo(5000);
		assertThat(problem.path("payable").asLong()).isEqualTo(1999);
		assertThat(coupon(couponId).path("status").asString()).isEqualTo("AVAILABLE");
	}

	@Test
	void neverChargesLessThanNothing() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "free-" + saleId;
		String couponId = giveCoupon(shopper, seller, 100_000, 0);
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		JsonNode paid = json(payWith(orderId, token(shopper, "SHOPPER"), couponId), 200);

		assertThat(paid.path("discount").asLong()).isEqualTo(1999);
		assertThat(paid.path("payable").asLong()).isZero();
	}

	@Test
	void refusesABlankCouponId() {
		long saleId = sale("seller-" + System.nanoTime());
		String shopper = token("blank-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper);

		assertProblem(payWith(orderId, shopper, " "), 400, "validation");
	}

	long sale(String seller) {
		Instant now = Instant.now();
		return createSale(seller, 20, 20, now.minusSeconds(5), now.plusSeconds(3600), Duration.ofMinutes(10));
	}

	static JsonNode assertProblem(WebTestClient.ResponseSpec response, int status, String type) {
		JsonNode problem = json(response, status);
		assertThat(problem.path("type").asString()).isEqualTo(PROBLEMS + type);
		return problem;
	}

}
