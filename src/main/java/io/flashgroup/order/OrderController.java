package io.flashgroup.order;

import java.util.List;
import java.util.Map;

import io.flashgroup.security.Roles;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Orders of the signed-in shopper: look up, list, pay. */
@RestController
class OrderController {

	private static final int MAX_COUPON_ID = 64;

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@GetMapping("/api/orders/{id}")
	Mono<Order.Response> order(@PathVariable String id, Authentication user) {
		return this.orders.find(id, user.getName(), Roles.isOps(user)).map(Order::toResponse);
	}

	@GetMapping("/api/me/orders")
	Mono<List<Order.Response>> mine(Authentication user) {
		return this.orders.mine(user.getName()).map(Order::toResponse).collectList();
	}

	/**
	 * Pays the order; with a body {@code {"couponId": ..}} the coupon's discount comes
	 * off (no body, or no couponId: the full total).
	 */
	@PostMapping("/api/orders/{id}/payment")
	Mono<ResponseEntity<Object>> pay(@PathVariable String id, @RequestBody(required = false) @Nullable PayRequest body,
			Authentication user) {
		String couponId = (body != null) ? body.couponId() : null;
		if (couponId != null && (couponId.isBlank() || couponId.length() > MAX_COUPON_ID)) {
			return Mono.error(ProblemException.invalidField("couponId", "must be a coupon id"));
		}
		return this.orders.pay(id, user.getName(), couponId).map((result) -> switch (result) {
			case PaymentResult.Paid paid -> ResponseEntity.ok(paid.order().toResponse());
			case PaymentResult.Expired expired -> Problems.response(HttpStatus.CONFLICT, "order-expired",
					"The pay window of this order has passed; its units were returned",
					Map.of("order", expired.order().toResponse()));
			case PaymentResult.NotPayable other -> Problems.response(HttpStatus.CONFLICT, "order-not-payable",
					"The order is " + other.order().status() + " and cannot be paid",
					Map.of("order", other.order().toResponse()));
			case PaymentResult.Declined declined -> Problems.response(HttpStatus.PAYMENT_REQUIRED, "payment-declined",
					"The payment provider declined the charge; nothing was charged and the order can still be paid",
					Map.of("order", declined.order().toResponse()));
			case PaymentResult.Unavailable unavailable -> retryLater(Problems.response(HttpStatus.SERVICE_UNAVAILABLE,
					"unavailable", "The order's campaign state is not available right now; nothing was charged"));
		});
	}

	/**
	 * The optional body of a payment.
	 *
	 * @param couponId a coupon of the payer's to take off the total, or null
	 */
	record PayRequest(@Nullable String couponId) {
	}

	private static ResponseEntity<Object> retryLater(ResponseEntity<Object> problem) {
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem.getBody());
	}

}
