package io.flashgroup.flashsale;

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
		long saleId;
		try {
			saleId = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return Mono.empty();
		}
		return (saleId > 0 && saleId <= CampaignKeys.MAX_ID) ? this.scripts.view(saleId) : Mono.empty();
	}

}
