package io.flashgroup.shared;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integer fields take JSON integers only: a fraction is never truncated, it is a 400 on
 * that field, and nothing happens.
 */
class IntegerFieldsIntegrationTests extends EdgeTestSupport {

	@Test
	void refusesAFractionalQuantityAndReservesNothing() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		JsonNode errors = fieldErrors(post("/api/flash-sales/" + saleId + "/purchases",
				token("fraction-shopper-" + saleId, "SHOPPER"), "{\"quantity\":1.5}"));
		assertThat(errors.path("quantity").asString()).isEqualTo("must be an integer");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(storedOrders(saleId)).isEmpty();
	}

	@Test
	void refusesAWholeNumberWrittenAsAFractionOrWithAnExponent() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		String shopper = token("exponent-shopper-" + saleId, "SHOPPER");
		for (String quantity : new String[] { "1.0", "1e0", "\"1.5\"" }) {
			JsonNode errors = fieldErrors(
					post("/api/flash-sales/" + saleId + "/purchases", shopper, "{\"quantity\":" + quantity + "}"));
			assertThat(errors.path("quantity").asString()).as(quantity).isEqualTo("must be an integer");
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
	}

	@Test
	void refusesAnIntegerOutOfRangeOnItsField() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		JsonNode errors = fieldErrors(post("/api/flash-sales/" + saleId + "/purchases",
				token("huge-shopper-" + saleId, "SHOPPER"), "{\"quantity\":99999999999999999999999}"));
		assertThat(errors.path("quantity").asString()).isEqualTo("is out of range");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
	}

	@Test
	void refusesAFractionalGroupSizeOrPriceOnItsField() {
		String seller = token("fraction-seller", "SELLER");
		for (String field : new String[] { "groupSize", "groupPrice", "leaderPrice", "perUserLimit" }) {
			Map<String, Object> body = groupBuyBody();
			body.put(field, 2.5);
			JsonNode errors = fieldErrors(post("/api/group-buys", seller, body));
			assertThat(errors.path(field).asString()).as(field).isEqualTo("must be an integer");
		}
	}

	@Test
	void refusesAFractionalNestedFieldByItsDottedPath() {
		Map<String, Object> body = groupBuyBody();
		body.put("virtualFill", Map.of("minRealMembers", 1.5));
		JsonNode errors = fieldErrors(post("/api/group-buys", token("nested-seller", "SELLER"), body));
		assertThat(errors.path("virtualFill.minRealMembers").asString()).isEqualTo("must be an integer");
	}

	@Test
	void refusesAFractionalHelpersNeededOrStock() {
		String seller = token("fraction-bargainer", "SELLER");
		for (String field : new String[] { "helpersNeeded", "stock", "listPrice", "helpsPerHelperPerDay" }) {
			Map<String, Object> body = bargainBody();
			body.put(field, 2.5);
			JsonNode errors = fieldErrors(post("/api/bargains", seller, body));
			assertThat(errors.path(field).asString()).as(field).isEqualTo("must be an integer");
		}
		Map<String, Object> sale = flashSaleBody();
		sale.put("price", 9.99);
		assertThat(fieldErrors(post("/api/flash-sales", seller, sale)).path("price").asString())
			.isEqualTo("must be an integer");
	}

	@Test
	void keepsOtherUnreadableBodiesMalformed() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		String shopper = token("garbled-shopper-" + saleId, "SHOPPER");
		for (String body : new String[] { "{\"quantity\":", "[1]", "\"x\"", "{\"quantity\":1}{" }) {
			problem(post("/api/flash-sales/" + saleId + "/purchases", shopper, body), 400, "malformed-request");
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
	}

	@Test
	void namesTheFieldOfAWronglyTypedInstantOrDuration() {
		String seller = token("typo-seller", "SELLER");
		Map<String, Object> body = flashSaleBody();
		body.put("endsAt", "tomorrow");
		assertThat(fieldErrors(post("/api/flash-sales", seller, body)).path("endsAt").asString())
			.startsWith("must be an ISO-8601 instant");
		body = flashSaleBody();
		body.put("payWindow", "ten minutes");
		assertThat(fieldErrors(post("/api/flash-sales", seller, body)).path("payWindow").asString())
			.startsWith("must be an ISO-8601 duration");
	}

}
