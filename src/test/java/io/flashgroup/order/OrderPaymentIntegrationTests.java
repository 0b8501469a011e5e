package io.flashgroup.order;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.RecordingPaymentGateway;
import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderPaymentIntegrationTests extends IntegrationTestSupport {

	@Autowired
	RecordingPaymentGateway gateway;

	@Test
	void neverChargesAnOrderRedisNoLongerHolds() {
		long saleId = liveSale(5, 1);
		String shopper = token("lost-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper, Duration.ofMinutes(10));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(orderId, "RESERVED"));
		// Redis lost the order (a restart without persistence): PostgreSQL still says
		// RESERVED.
		this.redis.hdel(new CampaignKeys(saleId).orders(), orderId).block(Duration.ofSeconds(5));

		JsonNode problem = json(client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange(), 503);

		assertThat(problem.path("type").asString()).endsWith("/unavailable");
		assertThat(this.gateway.charges(orderId)).isZero();
	}

	@Test
	void refundsAChargeWhoseOrderCannotBeMarkedPaid() {
		long saleId = liveSale(5, 1);
		String shopper = token("vanish-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper, Duration.ofMinutes(10));

		JsonNode problem = json(client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange(), 503);

		assertThat(problem.path("type").asString()).endsWith("/unavailable");
		assertThat(this.gateway.charges(orderId)).isEqualTo(1);
		assertThat(this.gateway.refunded(orderId)).isTrue();
	}

	@Test
	void paysAReservedOrderAndStoresItPaid() {
		long saleId = liveSale(5, 1);
		String shopper = token("payer-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper, Duration.ofMinutes(10));

		client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PAID")
			.jsonPath("$.version")
			.isEqualTo(2);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(orderId, "PAID"));
		client().get()
			.uri("/api/me/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange()
			.expectBody()
			.jsonPath("$[0].id")
			.isEqualTo(orderId)
			.jsonPath("$[0].status")
			.isEqualTo("PAID");
	}

	@Test
	void answersPaymentDeclinedAndKeepsTheOrderPayableWhenTheProviderDeclines() {
		long saleId = liveSale(5, 1);
		String shopper = token("declined-payer-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper, Duration.ofMinutes(10));

		client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange()
			.expectStatus()
			.isEqualTo(402)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/payment-declined")
			.jsonPath("$.order.status")
			.isEqualTo("RESERVED");
		assertThat(order(orderId, shopper).path("status").asString()).isEqualTo("RESERVED");
	}

	@Test
	void expiresAnUnpaidReservationAndReturnsItsStockOnce() {
		Instant now = Instant.now();
		long saleId = createSale("expiry-seller", 3, 1, now.minusSeconds(5), now.plusSeconds(3600),
				Duration.ofSeconds(1));
		String shopper = token("expiring-" + saleId, "SHOPPER");
		String orderId = reserve(saleId, shopper, Duration.ofSeconds(1));
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(2);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(order(orderId, shopper).path("status").asString()).isEqualTo("EXPIRED"));
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(3);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(storedOrders(saleId)).containsEntry(orderId, "EXPIRED"));

		client().post()
			.uri("/api/orders/{id}/payment", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + shopper)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://flashgroup.io/problems/order-expired");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(3);
		// The limit came back too: the shopper may buy again.
		purchase(saleId, shopper, 1, "again").expectStatus().isCreated();
	}

	@Test
	void hidesAnOrderFromOtherShoppers() {
		long saleId = liveSale(5, 1);
		String orderId = reserve(saleId, token("owner-" + saleId, "SHOPPER"), Duration.ofMinutes(10));
		client().get()
			.uri("/api/orders/{id}", orderId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("stranger", "SHOPPER"))
			.exchange()
			.expectStatus()
			.isNotFound();
		client().get()
			.uri("/api/orders/{id}", "not-a-uuid")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("stranger", "SHOPPER"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private String reserve(long saleId, String shopper, Duration payWindow) {
		JsonNode order = json(purchase(saleId, shopper, 1, "reserve"), 201);
		assertThat(Duration.between(Instant.parse(order.path("createdAt").asString()),
				Instant.parse(order.path("payBy").asString())))
			.isEqualTo(payWindow);
		return order.path("id").asString();
	}

}
