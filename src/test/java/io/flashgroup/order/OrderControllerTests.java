package io.flashgroup.order;

import io.flashgroup.security.SliceSecurity;
import io.flashgroup.shared.ControllerSlice;
import io.flashgroup.shared.ProblemException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How the order API answers a payment that cannot go through and an order that is not
 * there, with the order service mocked.
 */
@ControllerSlice(OrderController.class)
class OrderControllerTests {

	private static final long NOW = 1_900_000_000_000L;

	private static final String ID = OrderId.next(7, NOW).toString();

	@Autowired
	private WebTestClient web;

	@MockitoBean
	private OrderService orders;

	@Test
	void answersAnExpiredOrderWithTheOrder() {
		given(this.orders.pay(ID, "shopper-1", null))
			.willReturn(Mono.just(new PaymentResult.Expired(order(OrderStatus.EXPIRED))));
		JsonNode problem = assertProblem(pay(), 409, "order-expired");
		assertThat(problem.path("order").path("id").asString()).isEqualTo(ID);
		assertThat(problem.path("order").path("status").asString()).isEqualTo("EXPIRED");
		assertThat(problem.path("instance").asString()).isEqualTo("/api/orders/" + ID + "/payment");
	}

	@Test
	void answersAnOrderThatCannotBePaidWithItsStatus() {
		given(this.orders.pay(ID, "shopper-1", null))
			.willReturn(Mono.just(new PaymentResult.NotPayable(order(OrderStatus.CANCELLED))));
		JsonNode problem = assertProblem(pay(), 409, "order-not-payable");
		assertThat(problem.path("detail").asString()).isEqualTo("The order is CANCELLED and cannot be paid");
		assertThat(problem.path("order").path("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void passesTheCouponOfThePaymentBodyAndShowsWhatItTookOff() {
		Order paid = order(OrderStatus.PAID);
		Order discounted = new Order(paid.id(), paid.campaignId(), paid.kind(), paid.userId(), paid.quantity(),
				paid.unitPrice(), paid.currency(), paid.status(), paid.version(), NOW, NOW, NOW, null, "sim-1", null,
				500, "4711-1");
		given(this.orders.pay(ID, "shopper-1", "4711-1")).willReturn(Mono.just(new PaymentResult.Paid(discounted)));

		this.web.post()
			.uri("/api/orders/{id}/payment", ID)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"couponId\":\"4711-1\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(1999)
			.jsonPath("$.discount")
			.isEqualTo(500)
			.jsonPath("$.payable")
			.isEqualTo(1499)
			.jsonPath("$.couponId")
			.isEqualTo("4711-1");
	}

	@Test
	void answersAnOrderWhoseStateIsLostWithRetryAfter() {
		given(this.orders.pay(ID, "shopper-1", null))
			.willReturn(Mono.just(new PaymentResult.Unavailable(order(OrderStatus.RESERVED))));
		assertProblem(pay().expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5"), 503, "unavailable");
	}

	@Test
	void answersAnOrderThatIsNotThereAsNotFound() {
		given(this.orders.pay(eq("abc"), anyString(), isNull()))
			.willReturn(Mono.error(ProblemException.notFound("Order abc")));
		given(this.orders.find(eq("abc"), anyString(), eq(false)))
			.willReturn(Mono.error(ProblemException.notFound("Order abc")));
		assertProblem(this.web.post()
			.uri("/api/orders/abc/payment")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.exchange(), 404, "not-found");
		JsonNode problem = assertProblem(this.web.get()
			.uri("/api/orders/abc")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.exchange(), 404, "not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Order abc does not exist");
	}

	@Test
	void letsOpsReadAnyOrder() {
		given(this.orders.find(ID, "ops-1", true)).willReturn(Mono.just(order(OrderStatus.PAID)));
		this.web.get()
			.uri("/api/orders/{id}", ID)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("ops-1", "OPS"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PAID");
		then(this.orders).should().find(ID, "ops-1", true);
	}

	@Test
	void requiresATokenForOrders() {
		assertProblem(this.web.get().uri("/api/orders/{id}", ID).exchange(), 401, "unauthorized");
		assertProblem(this.web.post().uri("/api/orders/{id}/payment", ID).exchange(), 401, "unauthorized");
		assertProblem(
				this.web.get().uri("/api/me/orders").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token").exchange(),
				401, "unauthorized");
		verifyNoInteractions(this.orders);
	}

	private WebTestClient.ResponseSpec pay() {
		return this.web.post()
			.uri("/api/orders/{id}/payment", ID)
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.exchange();
	}

	private static Order order(OrderStatus status) {
		return new Order(ID, 7, "FLASH_SALE", "shopper-1", 1, 1999, "EUR", status, 2, NOW, NOW, NOW + 600_000, "key-1",
				null, null, 0, null);
	}

}
