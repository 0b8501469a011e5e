package io.flashgroup.flashsale;

import io.flashgroup.campaign.HotState;
import io.flashgroup.campaign.KindRecovery;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A flash sale's terms back in its state hash after Redis lost it: the fields
 * {@code campaign_create.lua} writes for it. Its counters come from the orders.
 */
@Component
class FlashSaleRecovery implements KindRecovery {

	private final FlashSaleRepository repository;

	FlashSaleRecovery(FlashSaleRepository repository) {
		this.repository = repository;
	}

	@Override
	public String kind() {
		return "FLASH_SALE";
	}

	@Override
	public Mono<Void> rebuild(long campaignId, HotState state) {
		return this.repository.findById(campaignId)
			.doOnNext((sale) -> state.state("kind", kind())
				.state("id", sale.id())
				.state("stock", sale.stock())
				.state("price", sale.price().minor())
				.state("currency", sale.price().currency())
				.state("perUserLimit", sale.perUserLimit())
				.state("startsAt", sale.startsAt().toEpochMilli())
				.state("endsAt", sale.endsAt().toEpochMilli())
				.state("payWindowMs", sale.payWindow().toMillis())
				.state("cancelled", (sale.cancelledAt() != null) ? 1 : 0))
			.then();
	}

}
