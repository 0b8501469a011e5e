package io.flashgroup.shared;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that span fields are reported on the request field a seller has to change, so the
 * seller page can show them next to it; no internal rule names leak.
 */
class CrossFieldRulesIntegrationTests extends EdgeTestSupport {

	@Test
	void reportsAWindowEndingBeforeItStartsOnEndsAt() {
		String seller = token("window-seller", "SELLER");
		Instant now = Instant.now();
		for (String path : new String[] { "/api/flash-sales", "/api/group-buys", "/api/bargains" }) {
			Map<String, Object> body = body(path);
			body.put("startsAt", now.plusSeconds(600).toString());
			body.put("endsAt", now.plusSeconds(60).toString());
			JsonNode errors = fieldErrors(post(path, seller, body));
			assertThat(errors.propertyNames()).as(path).containsExactly("endsAt");
			assertThat(errors.path("endsAt").asString()).isEqualTo("must be after startsAt");
		}
	}

	@Test
	void reportsAnUnknownCurrencyOnCurrency() {
		String seller = token("currency-seller", "SELLER");
		for (String path : new String[] { "/api/flash-sales", "/api/group-buys", "/api/bargains" }) {
			Map<String, Object> body = body(path);
			body.put("currency", "XYZ");
			JsonNode errors = fieldErrors(post(path, seller, body));
			assertThat(errors.propertyNames()).as(path).containsExactly("currency");
			assertThat(errors.path("currency").asString()).isEqualTo("is not a known ISO 4217 code");
		}
	}

	@Test
	void reportsTooManyHelpersForThePriceGapOnHelpersNeeded() {
		Map<String, Object> body = bargainBody();
		body.put("listPrice", 100);
		body.put("floorPrice", 95);
		body.put("helpersNeeded", 10);
		JsonNode errors = fieldErrors(post("/api/bargains", token("gap-seller", "SELLER"), body));
		assertThat(errors.propertyNames()).containsExactly("helpersNeeded");
		assertThat(errors.path("helpersNeeded").asString())
			.isEqualTo("must be at most listPrice - floorPrice (5): every helper cuts at least one minor unit");
	}

	@Test
	void reportsAVirtualFillAsLargeAsTheGroupOnItsNestedField() {
		Map<String, Object> body = groupBuyBody();
		body.put("virtualFill", Map.of("minRealMembers", 3));
		JsonNode errors = fieldErrors(post("/api/group-buys", token("fill-seller", "SELLER"), body));
		assertThat(errors.propertyNames()).containsExactly("virtualFill.minRealMembers");
		assertThat(errors.path("virtualFill.minRealMembers").asString()).isEqualTo("must be below groupSize (3)");
	}

	@Test
	void refusesALeaderPriceAboveTheGroupPriceAndCreatesNothing() {
		Long before = campaigns();
		Map<String, Object> body = groupBuyBody();
		body.put("groupPrice", 500);
		body.put("leaderPrice", 9999);
		JsonNode errors = fieldErrors(post("/api/group-buys", token("leader-seller", "SELLER"), body));
		assertThat(errors.propertyNames()).containsExactly("leaderPrice");
		assertThat(errors.path("leaderPrice").asString()).isEqualTo("must not be above groupPrice (500)");
		assertThat(campaigns()).isEqualTo(before);
		body.put("leaderPrice", 500);
		created("/api/group-buys", body);
		body.put("leaderPrice", 0);
		created("/api/group-buys", body);
	}

	private static Map<String, Object> body(String path) {
		return switch (path) {
			case "/api/flash-sales" -> flashSaleBody();
			case "/api/group-buys" -> groupBuyBody();
			default -> bargainBody();
		};
	}

	private Long campaigns() {
		return this.db.sql("SELECT count(*) AS n FROM campaigns")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(java.time.Duration.ofSeconds(5));
	}

}
