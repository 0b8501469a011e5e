package io.flashgroup.flashsale;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTimers;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Typed entry points to the flash-sale Lua scripts; each is one atomic step in one slot.
 */
@Component
public class FlashSaleScripts implements CampaignTimers {

	private static final String LIB = "flash_sale_lib";

	private static final LuaScript CREATE = LuaScript.load("campaign_create").named("flash_sale_create");

	private static final LuaScript VIEW = LuaScript.load("campaign_view", LIB).named("flash_sale_view");

	private static final LuaScript PURCHASE = LuaScript.load("flash_sale_purchase", LIB);

	private static final LuaScript TIMERS = LuaScript.load("campaign_timers", LIB).named("flash_sale_timers");

	private static final LuaScript CANCEL = LuaScript.load("campaign_cancel", LIB).named("flash_sale_cancel");

	private final LuaScripts scripts;

	private final RedisReactiveCommands<String, String> redis;

	FlashSaleScripts(LuaScripts scripts, RedisReactiveCommands<String, String> redis) {
		this.scripts = scripts;
		this.redis = redis;
	}

	/**
	 * Whether the shopper already used this {@code Idempotency-Key} on the sale (field
	 * format as in {@code flash_sale_purchase.lua}): a retry must get its first answer
	 * back even when the sale has sold out since.
	 */
	Mono<Boolean> usedKey(long id, String userId, String idempotencyKey) {
		return this.redis.hexists(new CampaignKeys(id).idempotency(), userId + ":" + idempotencyKey);
	}

	Mono<String> create(FlashSale sale) {
		CampaignKeys keys = new CampaignKeys(sale.id());
		return this.scripts.value(CREATE, new String[] { keys.state(), keys.outbox(), keys.timers() },
				FlashSaleRepository.KIND, Long.toString(sale.startsAt().toEpochMilli()),
				Long.toString(sale.endsAt().toEpochMilli()), "id", Long.toString(sale.id()), "stock",
				Integer.toString(sale.stock()), "price", Long.toString(sale.price().minor()), "currency",
				sale.price().currency(), "perUserLimit", Integer.toString(sale.perUserLimit()), "payWindowMs",
				Long.toString(sale.payWindow().toMillis()));
	}

	/** The live message of a sale, empty when it has no hot state. */
	Mono<String> view(long id) {
		return this.scripts.value(VIEW, keys(new CampaignKeys(id)));
	}

	/** Raw reply: outcome and detail, see {@code flash_sale_purchase.lua}. */
	Mono<List<Object>> purchase(long id, String orderId, String userId, int quantity, String idempotencyKey) {
		return this.scripts.multi(PURCHASE, keys(new CampaignKeys(id)), orderId, userId, Integer.toString(quantity),
				idempotencyKey, LiveHub.channel(FlashSale.topic(id)));
	}

	@Override
	public String kind() {
		return FlashSaleRepository.KIND;
	}

	/** Applies due timers; emits {applied, lag ms}. */
	@Override
	public Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
		return this.scripts.multi(TIMERS, keys(keys), LiveHub.channel(FlashSale.topic(keys.campaignId())), "",
				Integer.toString(max));
	}

	/** Emits {outcome, reservations cancelled}. */
	Mono<List<Object>> cancel(long id) {
		return this.scripts.multi(CANCEL, keys(new CampaignKeys(id)), LiveHub.channel(FlashSale.topic(id)), "");
	}

	/**
	 * The KEYS every flash-sale script takes, in the order {@code flash_sale_lib.lua}
	 * names them.
	 */
	private static String[] keys(CampaignKeys keys) {
		return new String[] { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
				keys.timers() };
	}

}
