package io.flashgroup.order;

import java.util.List;

import io.flashgroup.campaign.CampaignKind;
import reactor.core.publisher.Mono;

/**
 * Marks an order of one campaign kind paid after the gateway charged it, in that kind's
 * own script (a group-buy seat also updates its group, an expired bargain purchase
 * reopens its session); a kind with nothing more to do uses {@code order_pay.lua}.
 */
public interface CampaignPayments {

	/** The campaign kind. */
	CampaignKind kind();

	/**
	 * Raw reply {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE or
	 * NOT_FOUND. The script records the payment ({@link Payment#json()}) on the order.
	 */
	Mono<List<Object>> markPaid(Order order, Payment payment);

}
