package io.flashgroup.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flashgroup.Rush;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CouponConcurrencyIntegrationTests extends CouponTestSupport {

	@Test
	void paysExactlyOneOfFiftyOrdersRacingForOneCoupon() {
		String seller = "seller-" + System.nanoTime();
		Instant now = Instant.now();
		long saleId = createSale(seller, 50, 50, now.minusSeconds(5), now.plusSeconds(3600), Duration.ofMinutes(10));
		String shopper = "racer-" + saleId;
		String token = token(shopper, "SHOPPER");
		String couponId = giveCoupon(shopper, seller, 500, 0);
		List<String> orderIds = IntStream.range(0, 50).mapToObj((i) -> reserve(saleId, token)).toList();

		List<Rush.Answer> answers = Rush.fire(this.port, 50, 50,
				(web, i) -> web.post()
					.uri("/api/orders/{id}/payment", orderIds.get(i))
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("couponId", couponId)));

		List<JsonNode> paid = answers.stream().filter((a) -> a.status() == 200).map(Rush.Answer::body).toList();
		assertThat(paid).hasSize(1);
		String winner = paid.get(0).path("id").asString();
		assertThat(paid.get(0).path("discount").asLong()).isEqualTo(500);
		assertThat(answers.stream().filter((a) -> a.status() != 200))
			.allSatisfy((a) -> assertThat(a.status()).isEqualTo(409))
			.allSatisfy((a) -> assertThat(a.body().path("type").asString()).matches(".*/coupon-(locked|used)"));
		JsonNode coupon = coupon(couponId);
		assertThat(coupon.path("status").asString()).isEqualTo("USED");
		assertThat(coupon.path("usedBy").asString()).isEqualTo(winner);
		assertThat(orderIds.stream().filter((id) -> this.gateway.charges(id) > 0)).containsExactly(winner);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(discountedPaidOrders(saleId)).containsExactly(winner);
			assertThat(storedOrders(saleId).values().stream().filter("RESERVED"::equals)).hasSize(49);
		});
	}

	private List<String> discountedPaidOrders(long saleId) {
		return this.db
			.sql("SELECT id::text AS id FROM orders WHERE campaign_id = $1 AND status = 'PAID' AND discount > 0")
			.bind(0, saleId)
			.map((row) -> row.get("id", String.class))
			.all()
			.collectList()
			.block(WAIT);
	}

}
