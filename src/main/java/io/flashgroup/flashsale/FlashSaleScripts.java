package io.flashgroup.flashsale;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Typed entry points to the flash-sale Lua scripts; each is one atomic step in one slot.
 */
@Component
class FlashSaleScripts {

	private static final String LIB = "flash_sale_lib";

	private static final LuaScript PURCHASE = LuaScript.load("flash_sale_purchase", LIB);

	private static final LuaScript PAY = LuaScript.load("order_pay", LIB);

	private final LuaScripts scripts;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final LifecycleScripts lifecycle;

	FlashSaleScripts(LuaScripts scripts, RedisClusterReactiveCommands<String, String> redis) {
		this.scripts = scripts;
		this.redis = redis;
		this.lifecycle = new LifecycleScripts(scripts, FlashSaleType.KIND, FlashSaleScripts::keys, "", LIB);
	}

	/** The kind's create, view, cancel and timer scripts. */
	LifecycleScripts lifecycle() {
		return this.lifecycle;
	}

	/**
	 * Whether the shopper already used this {@code Idempotency-Key} on the sale (field
	 * format as in {@code flash_sale_purchase.lua}): a retry must get its first answer
	 * back even when the sale has sold out since.
	 */
	Mono<Boolean> usedKey(long id, String userId, String idempotencyKey) {
		return this.redis.hexists(new CampaignKeys(id).idempotency(), userId + ":" + idempotencyKey);
	}

	/** Raw reply: outcome and detail, see {@code flash_sale_purchase.lua}. */
	Mono<List<Object>> purchase(long id, String orderId, String userId, int quantity, String idempotencyKey) {
		return this.scripts.multi(PURCHASE, keys(new CampaignKeys(id)), orderId, userId, Integer.toString(quantity),
				idempotencyKey, channel(id));
	}

	/**
	 * Raw reply {outcome, order JSON}, see {@code order_pay.lua}: the kind's payment
	 * step.
	 */
	Mono<List<Object>> pay(long id, String orderId, String paymentJson) {
		return this.scripts.multi(PAY, keys(new CampaignKeys(id)), orderId, paymentJson, channel(id));
	}

	/** The sale's live channel, in its slot when sharded. */
	private String channel(long id) {
		return this.scripts.channel(LiveHub.channel(FlashSaleType.KIND.topic(id)), new CampaignKeys(id).state());
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
