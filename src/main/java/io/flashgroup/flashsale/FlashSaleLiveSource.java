package io.flashgroup.flashsale;

import java.util.OptionalLong;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveSource;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Snapshots of {@code flash-sale:<id>} topics, straight from the sale's hot state. */
@Component
class FlashSaleLiveSource implements LiveSource {

	private final FlashSaleScripts scripts;

	FlashSaleLiveSource(FlashSaleScripts scripts) {
		this.scripts = scripts;
	}

	@Override
	public String prefix() {
		return "flash-sale";
	}

	@Override
	public Mono<String> snapshot(String id) {
		OptionalLong saleId = CampaignKeys.idOf(id);
		return saleId.isPresent() ? this.scripts.view(saleId.getAsLong()) : Mono.empty();
	}

}
