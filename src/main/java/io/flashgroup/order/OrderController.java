package io.flashgroup.order;

import java.util.List;
import java.util.Map;

import io.flashgroup.security.Roles;
import io.flashgroup.shared.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Orders of the signed-in shopper: look up, list, pay. */
@RestController
class OrderController {

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

	@PostMapping("/api/orders/{id}/payment")
	Mono<ResponseEntity<Object>> pay(@PathVariable String id, Authentication user) {
		return this.orders.pay(id, user.getName()).map((result) -> switch (result) {
			case PaymentResult.Paid paid -> ResponseEntity.ok(paid.order().toResponse());
			case PaymentResult.Expired expired -> Problems.response(HttpStatus.CONFLICT, "order-expired",
					"The pay window of this order has passed; its units were returned",
					Map.of("order", expired.order().toResponse()));
			case PaymentResult.NotPayable other -> Problems.response(HttpStatus.CONFLICT, "order-not-payable",
					"The order is " + other.order().status() + " and cannot be paid",
					Map.of("order", other.order().toResponse()));
			case PaymentResult.Unavailable unavailable -> retryLater(Problems.response(HttpStatus.SERVICE_UNAVAILABLE,
					"unavailable", "The order's campaign state is not available right now; nothing was charged"));
		});
	}

	private static ResponseEntity<Object> retryLater(ResponseEntity<Object> problem) {
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem.getBody());
	}

}
