package io.flashgroup.order;

/**
 * The payment provider refused the charge (a declined card, insufficient funds): nothing
 * was charged, so the order stays payable. A {@link PaymentGateway} signals it as an
 * error; any other error of a charge (a timeout) leaves the outcome unknown.
 */
public class PaymentDeclined extends RuntimeException {

	public PaymentDeclined(String reason) {
		super(reason);
	}

}
