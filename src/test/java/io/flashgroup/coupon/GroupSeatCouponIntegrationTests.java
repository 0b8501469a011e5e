package io.flashgroup.coupon;

import java.time.Instant;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The group-buy's own pay script records the discount too, and settling keeps it. */
class GroupSeatCouponIntegrationTests extends CouponTestSupport {

	@Test
	void keepsTheDiscountOfASeatPaidWithACouponWhenItsGroupSettles() {
		String seller = "gb-seller-" + System.nanoTime();
		Map<String, Object> body = CampaignBodies.groupBuy(2, 10);
		body.put("leaderPrice", 500);
		body.put("soloPrice", 2000);
		long campaignId = create("/api/group-buys", seller, body);
		String leader = token("leader-" + campaignId, "SHOPPER");
		String member = "member-" + campaignId;
		String couponId = giveCoupon(member, seller, "SKU-G", "SKU", Map.of("amount", 300), 0,
				Instant.now().plusSeconds(3600));
		JsonNode opened = json(seat("/api/group-buys/" + campaignId + "/groups", leader), 201);
		String groupId = opened.path("group").path("id").asString();
		String memberOrder = json(seat("/api/groups/" + groupId + "/members", token(member, "SHOPPER")), 201)
			.path("order")
			.path("id")
			.asString();

		JsonNode paid = json(payWith(memberOrder, token(member, "SHOPPER"), couponId), 200);
		pay(opened.path("order").path("id").asString(), leader);

		assertThat(paid.path("discount").asLong()).isEqualTo(300);
		assertThat(paid.path("payable").asLong()).isEqualTo(paid.path("total").asLong() - 300);
		assertThat(coupon(couponId).path("usedBy").asString()).isEqualTo(memberOrder);
		assertThat(orderRow(memberOrder, "SETTLED")).containsEntry("discount", 300L)
			.containsEntry("couponId", couponId);
	}

	private WebTestClient.ResponseSpec seat(String path, String shopper) {
		return client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.header("Idempotency-Key", "k-" + System.nanoTime())
			.exchange();
	}

}
