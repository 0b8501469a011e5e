package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.live.LocalWrites;
import io.flashgroup.order.CampaignPayments;
import io.flashgroup.order.Order;
import io.flashgroup.order.Payment;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Paying a seat also updates its group, and the last payment settles the group. */
@Component
class GroupPayments implements CampaignPayments {

	private final GroupBuyScripts scripts;

	private final LocalWrites writes;

	GroupPayments(GroupBuyScripts scripts, LocalWrites writes) {
		this.scripts = scripts;
		this.writes = writes;
	}

	@Override
	public CampaignKind kind() {
		return GroupBuyType.KIND;
	}

	@Override
	public Mono<List<Object>> markPaid(Order order, Payment payment) {
		return this.scripts.pay(order.campaignId(), order.id(), payment.json())
			.doOnSuccess((reply) -> this.writes.written(order.campaignId()));
	}

}
