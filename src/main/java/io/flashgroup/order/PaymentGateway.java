package io.flashgroup.order;

import reactor.core.publisher.Mono;

/**
 * Port to a payment provider. Charges and refunds are keyed by order id, so retries are
 * safe.
 */
public interface PaymentGateway {

	/**
	 * Charges what the order's shopper pays, {@link Order#payable()} (its total less a
	 * coupon's discount); emits the provider's payment reference.
	 */
	Mono<String> charge(Order order);

	/** Refunds a payment made for the order. */
	Mono<Void> refund(Order order, String paymentRef);

}
