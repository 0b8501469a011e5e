package io.flashgroup.flashsale;

import java.util.Map;
import java.util.OptionalLong;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveSource;
import io.flashgroup.order.OrderLedger;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Snapshots of {@code flash-sale:<id>} topics: from the sale's hot state, or rebuilt from
 * PostgreSQL once its keys retired.
 */
@Component
class FlashSaleLiveSource implements LiveSource {

	private final FlashSaleScripts scripts;

	private final FlashSaleRepository repository;

	private final OrderLedger ledger;

	private final ServerClock clock;

	private final JsonMapper json;

	FlashSaleLiveSource(FlashSaleScripts scripts, FlashSaleRepository repository, OrderLedger ledger, ServerClock clock,
			JsonMapper json) {
		this.scripts = scripts;
		this.repository = repository;
		this.ledger = ledger;
		this.clock = clock;
		this.json = json;
	}

	@Override
	public String prefix() {
		return "flash-sale";
	}

	@Override
	public Mono<String> snapshot(String id) {
		OptionalLong saleId = CampaignKeys.idOf(id);
		return saleId.isPresent()
				? this.scripts.view(saleId.getAsLong()).switchIfEmpty(Mono.defer(() -> retired(saleId.getAsLong())))
				: Mono.empty();
	}

	private Mono<String> retired(long id) {
		return this.repository.findById(id)
			.flatMap((sale) -> this.ledger.heldUnitsInPostgres(id)
				.map((sold) -> this.json.writeValueAsString(Map.of("seq", 0, "serverTime", this.clock.millis(), "state",
						FlashSaleView.retiredState(sale, sold)))));
	}

}
