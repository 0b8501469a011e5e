package io.flashgroup.campaign;

import java.util.List;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller attaches share-coupon terms to a campaign of any kind; the campaign's view
 * shows them, defaults applied, from PostgreSQL and Redis alike; broken terms are a 400
 * naming the field.
 */
class ShareCouponTermsIntegrationTests extends IntegrationTestSupport {

	private static final Map<String, Map<String, Object>> KINDS = Map.of("/api/flash-sales",
			CampaignBodies.flashSale(10, 1), "/api/group-buys", CampaignBodies.groupBuy(2, 10), "/api/bargains",
			CampaignBodies.bargain(5_000, 1_000, 2, 10));

	@Test
	void showsTheTermsInEveryKindsViewWithDefaultsApplied() {
		KINDS.forEach((path, template) -> {
			Map<String, Object> body = new java.util.LinkedHashMap<>(template);
			body.put("shareCoupon", Map.of("discount", Map.of("percent", 10, "cap", 300)));
			long id = create(path, "coupon-seller", body);
			JsonNode terms = json(client().get().uri(path + "/" + id).exchange(), 200).path("shareCoupon");
			assertThat(terms.path("discount").path("percent").asInt()).as(path).isEqualTo(10);
			assertThat(terms.path("discount").path("cap").asLong()).as(path).isEqualTo(300);
			assertThat(terms.path("discount").has("amount")).as(path).isFalse();
			assertThat(terms.path("minSpend").asLong()).as(path).isZero();
			assertThat(terms.path("validFor").asString()).as(path).isEqualTo("PT168H");
			assertThat(terms.path("claimsPerShare").asInt()).as(path).isEqualTo(5);
			assertThat(terms.path("scope").asString()).as(path).isEqualTo("SHOP");
		});
	}

	@Test
	void leavesTheTermsOutOfACampaignWithoutThem() {
		long id = create("/api/flash-sales", "plain-seller", CampaignBodies.flashSale(10, 1));
		assertThat(sale(id).has("shareCoupon")).isFalse();
	}

	@Test
	void refusesBrokenTermsNamingTheField() {
		String seller = token("broken-coupon-seller", "SELLER");
		List<Map<String, Object>> broken = List.of(Map.of("discount", Map.of("amount", 100, "percent", 10)),
				Map.of("discount", Map.of("percent", 10)), Map.of("discount", Map.of("amount", 100, "cap", 5)),
				Map.of("discount", Map.of("amount", 0)), Map.of("discount", Map.of("percent", 101, "cap", 5)),
				Map.of("discount", Map.of("amount", 100), "validFor", "PT1M"),
				Map.of("discount", Map.of("amount", 100), "claimsPerShare", 0),
				Map.of("discount", Map.of("amount", 100), "minSpend", -1), Map.of("minSpend", 100),
				Map.of("discount", Map.of("amount", 100), "scope", "WORLD"));
		for (Map<String, Object> terms : broken) {
			Map<String, Object> body = CampaignBodies.flashSale(10, 1);
			body.put("shareCoupon", terms);
			JsonNode problem = json(client().post()
				.uri("/api/flash-sales")
				.header("Authorization", "Bearer " + seller)
				.bodyValue(body)
				.exchange(), 400);
			assertThat(problem.toString()).as(terms.toString()).contains("shareCoupon");
		}
	}

}
