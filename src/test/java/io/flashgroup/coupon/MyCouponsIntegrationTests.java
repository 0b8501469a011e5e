package io.flashgroup.coupon;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class MyCouponsIntegrationTests extends CouponTestSupport {

	@Test
	void listsRedisAndPostgresCouponsWithTheStatusAShopperSees() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "lister-" + saleId;
		String available = giveCoupon(shopper, seller, 500, 0);
		String expired = giveCoupon(shopper, seller, "SKU-1", "SHOP", Map.of("amount", 100), 0,
				Instant.now().minusSeconds(1));
		String used = giveCoupon(shopper, seller, 300, 0);
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));
		json(payWith(orderId, token(shopper, "SHOPPER"), used), 200);
		// Flushed by the circle before the index was written (a crash between the two),
		// and an older row of a coupon Redis holds newer (forced over the row the circle
		// flusher may have written already).
		String onlyStored = storeRow(shopper, seller, 1, "AVAILABLE");
		storeRowOf(used, shopper, seller, 1, "AVAILABLE");
		this.db.sql("INSERT INTO circle_users (user_id, display_name) VALUES ($1, 'Alice') ON CONFLICT DO NOTHING")
			.bind(0, "sharer-of-" + shopper)
			.then()
			.block(WAIT);

		JsonNode mine = mine(shopper, null);

		Map<String, String> statuses = new HashMap<>();
		mine.forEach((coupon) -> statuses.put(coupon.path("id").asString(), coupon.path("status").asString()));
		assertThat(statuses).containsExactlyInAnyOrderEntriesOf(
				Map.of(available, "AVAILABLE", expired, "EXPIRED", used, "USED", onlyStored, "AVAILABLE"));
		JsonNode usedView = find(mine, used);
		assertThat(usedView.path("usedBy").asString()).isEqualTo(orderId);
		assertThat(usedView.path("sharerName").asString()).isEqualTo("Alice");
		assertThat(usedView.path("terms").path("discount").path("amount").asLong()).isEqualTo(300);
		assertThat(usedView.path("scope").asString()).isEqualTo("SHOP");
		assertThat(usedView.path("minSpend").asLong()).isZero();
		assertThat(usedView.has("discount")).isFalse();
	}

	@Test
	void listsOnlyTheCouponsUsableOnAnOrderWithTheirDiscount() {
		String seller = "seller-" + System.nanoTime();
		long saleId = sale(seller);
		String shopper = "chooser-" + saleId;
		Instant later = Instant.now().plusSeconds(3600);
		String usable = giveCoupon(shopper, seller, "SKU-1", "SKU", Map.of("percent", 10, "cap", 1000), 0, later);
		giveCoupon(shopper, "another-seller", 500, 0);
		giveCoupon(shopper, seller, "SKU-2", "SKU", Map.of("amount", 500), 0, later);
		giveCoupon(shopper, seller, 500, 5000);
		giveCoupon(shopper, seller, "SKU-1", "SHOP", Map.of("amount", 100), 0, Instant.now().minusSeconds(1));
		String orderId = reserve(saleId, token(shopper, "SHOPPER"));

		JsonNode applicable = mine(shopper, orderId);

		assertThat(applicable).hasSize(1);
		assertThat(applicable.get(0).path("id").asString()).isEqualTo(usable);
		assertThat(applicable.get(0).path("discount").asLong()).isEqualTo(199);
	}

	@Test
	void hidesAnotherShoppersOrder() {
		long saleId = sale("seller-" + System.nanoTime());
		String orderId = reserve(saleId, token("owner-" + saleId, "SHOPPER"));

		client().get()
			.uri("/api/me/coupons?applicableTo={id}", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("nosy-" + saleId, "SHOPPER"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private JsonNode mine(String shopper, String applicableTo) {
		return json(client().get()
			.uri((applicableTo != null) ? "/api/me/coupons?applicableTo=" + applicableTo : "/api/me/coupons")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(shopper, "SHOPPER"))
			.exchange(), 200);
	}

	private static JsonNode find(JsonNode list, String id) {
		for (JsonNode coupon : list) {
			if (coupon.path("id").asString().equals(id)) {
				return coupon;
			}
		}
		throw new AssertionError("No coupon " + id + " in " + list);
	}

	private String storeRow(String shopper, String seller, int version, String status) {
		return storeRowOf(System.nanoTime() % 1_000_000_000L + "-2", shopper, seller, version, status);
	}

	private String storeRowOf(String id, String shopper, String seller, int version, String status) {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.db
			.sql("""
					INSERT INTO coupons (id, post_id, user_id, sharer_id, seller_id, sku, scope, terms, status,
					                     claimed_at, valid_until, version, updated_at)
					VALUES ($1, $2, $3, $4, $5, 'SKU-1', 'SHOP',
					        '{"discount":{"amount":200},"minSpend":0,"validForMs":1,"claimsPerShare":5,"scope":"SHOP"}'::jsonb,
					        $6, $7, $8, $9, $7)
					ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version
					""")
			.bind(0, id)
			.bind(1, Coupon.postOf(id))
			.bind(2, shopper)
			.bind(3, "sharer-of-" + shopper)
			.bind(4, seller)
			.bind(5, status)
			.bind(6, now)
			.bind(7, now.plus(Duration.ofDays(1)))
			.bind(8, version)
			.then()
			.block(WAIT);
		return id;
	}

	private long sale(String seller) {
		Instant now = Instant.now();
		return createSale(seller, 20, 20, now.minusSeconds(5), now.plusSeconds(3600), Duration.ofMinutes(10));
	}

}
