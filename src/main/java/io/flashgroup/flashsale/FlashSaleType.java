package io.flashgroup.flashsale;

import org.jspecify.annotations.Nullable;
import io.flashgroup.campaign.CampaignKeys;
import java.util.OptionalLong;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveSource;
import io.flashgroup.live.LocalWrites;
import io.flashgroup.order.CampaignPayments;
import io.flashgroup.order.Order;
import io.flashgroup.order.Payment;
import io.flashgroup.order.OrderLedger;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Flash sales as a kind of campaign: no terms beyond the shared ones, one live topic
 * ({@code flash-sale:<id>}), payment by {@code order_pay.lua}.
 */
@Component
public class FlashSaleType
		implements CampaignType<CreateFlashSale, FlashSale, FlashSaleView>, LiveSource, CampaignPayments {

	static final CampaignKind KIND = new CampaignKind("FLASH_SALE", "Flash sale", "flash-sale");

	private final FlashSaleScripts scripts;

	private final Campaigns campaigns;

	private final OrderLedger ledger;

	private final JsonMapper json;

	private final LocalWrites writes;

	FlashSaleType(FlashSaleScripts scripts, Campaigns campaigns, OrderLedger ledger, JsonMapper json,
			LocalWrites writes) {
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.ledger = ledger;
		this.json = json;
		this.writes = writes;
	}

	@Override
	public CampaignKind kind() {
		return KIND;
	}

	@Override
	public LifecycleScripts lifecycle() {
		return this.scripts.lifecycle();
	}

	@Override
	public Map<String, Object> stateFields(FlashSale sale) {
		return Map.of("price", sale.campaign().terms().price().minor());
	}

	@Override
	public FlashSale definition(Campaign campaign, Readable row) {
		return new FlashSale(campaign);
	}

	/** A sale without hot state: the record knows what it sold. */
	@Override
	public Mono<Map<String, Object>> recordedState(FlashSale sale, Instant now) {
		return this.ledger.heldUnitsInPostgres(sale.id())
			.map((sold) -> FlashSaleView.recordedState(sale.campaign(), sold, now));
	}

	@Override
	public FlashSaleView view(FlashSale sale, String liveMessage) {
		return FlashSaleView.of(sale.campaign(), this.json.readValue(liveMessage, FlashSaleView.LiveCounters.class));
	}

	@Override
	public Mono<List<Object>> markPaid(Order order, Payment payment) {
		return this.scripts.pay(order.campaignId(), order.id(), payment.json())
			.doOnSuccess((reply) -> this.writes.written(order.campaignId()));
	}

	@Override
	public String prefix() {
		return KIND.topicPrefix();
	}

	/** The campaign's slot: its topic's channel carries {@code {c:<id>}} when sharded. */
	@Override
	public @Nullable String slotOf(String id) {
		OptionalLong campaign = CampaignKeys.idOf(id);
		return campaign.isPresent() ? new CampaignKeys(campaign.getAsLong()).state() : null;
	}

	@Override
	public Mono<String> snapshot(String id) {
		return this.campaigns.liveMessage(this, id);
	}

}
