package io.flashgroup.flashsale;

import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.KeyValue;
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

	private static final LuaScript TAKE = LuaScript.load("flash_sale_take", LIB);

	private static final LuaScript CREDIT = LuaScript.load("flash_sale_credit", LIB);

	private static final LuaScript REPORT = LuaScript.load("flash_sale_report", LIB);

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
	 * @param home the shopper's home bucket
	 */
	Mono<Boolean> usedKey(CampaignKeys home, String userId, String idempotencyKey) {
		return this.redis.hexists(home.idempotency(), userId + ":" + idempotencyKey);
	}

	/**
	 * Raw reply: outcome and detail, see {@code flash_sale_purchase.lua}. It runs on the
	 * shopper's home bucket; only bucket 0 publishes.
	 */
	Mono<List<Object>> purchase(CampaignKeys home, String orderId, String userId, int quantity, String idempotencyKey) {
		return this.scripts.multi(PURCHASE, keys(home), orderId, userId, Integer.toString(quantity), idempotencyKey,
				channel(home));
	}

	/**
	 * Raw reply {outcome, order JSON}, see {@code order_pay.lua}: the kind's payment
	 * step, on the order's bucket.
	 */
	Mono<List<Object>> pay(CampaignKeys bucket, String orderId, String paymentJson) {
		return this.scripts.multi(PAY, keys(bucket), orderId, paymentJson, channel(bucket));
	}

	/**
	 * Step 1 of a transfer, on the donor: {units taken, "id:units" of transfers in flight
	 * to {@code home}}, see {@code flash_sale_take.lua}.
	 */
	Mono<List<Object>> take(CampaignKeys donor, String transferId, int home, long units) {
		return this.scripts.multi(TAKE, new String[] { donor.state(), donor.transfers() }, transferId,
				Integer.toString(home), Long.toString(units));
	}

	/**
	 * Step 2 of a transfer, on home: 1 credited now, 0 before, -1 without state, see
	 * {@code flash_sale_credit.lua}.
	 */
	Mono<Long> credit(CampaignKeys home, String transferId, long units) {
		return this.scripts.integer(CREDIT, new String[] { home.state(), home.credits() }, transferId,
				Long.toString(units));
	}

	/** Step 3 of a transfer, on the donor: it forgets the transfer home confirmed. */
	Mono<Long> settle(CampaignKeys donor, String transferId) {
		return this.redis.hdel(donor.transfers(), transferId);
	}

	/** A bucket's transfers in flight: id to {@code <home>:<units>:<at ms>}. */
	Mono<Map<String, String>> transfers(CampaignKeys donor) {
		return this.redis.hgetall(donor.transfers()).collectMap(KeyValue::getKey, KeyValue::getValue);
	}

	/** {seq, stock, sold} of a bucket, empty elements without state. */
	Mono<List<KeyValue<String, String>>> counters(CampaignKeys bucket) {
		return this.redis.hmget(bucket.state(), "seq", "stock", "sold").collectList();
	}

	/**
	 * Records bucket k's counters on bucket 0 and publishes the summed view, see
	 * {@code flash_sale_report.lua}.
	 */
	Mono<Long> report(CampaignKeys bucket, String seq, String stock, String sold) {
		CampaignKeys sale = bucket.inBucket(0);
		return this.scripts.integer(REPORT, keys(sale), Integer.toString(bucket.bucket()), seq, stock, sold,
				channel(sale));
	}

	/** The number of buckets the sale's bucket 0 records (null when not split). */
	Mono<List<KeyValue<String, String>>> shape(long id) {
		return this.redis.hmget(new CampaignKeys(id).state(), "kind", "buckets").collectList();
	}

	/**
	 * The sale's live channel for a script on these keys, in the sale's slot when
	 * sharded; '' for buckets >= 1, which never publish (a shard channel lives in one
	 * slot).
	 */
	private String channel(CampaignKeys keys) {
		return (keys.bucket() == 0)
				? this.scripts.channel(LiveHub.channel(FlashSaleType.KIND.topic(keys.campaignId())), keys.state()) : "";
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
