package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Typed entry points to the group-buy Lua scripts; each is one atomic step in the
 * campaign's slot, groups included.
 */
@Component
class GroupBuyScripts {

	private static final LuaScript CREATE = LuaScript.load("group_buy_create", "group_lib");

	private static final LuaScript VIEW = LuaScript.load("group_buy_view", "group_lib");

	private static final LuaScript SEAT = LuaScript.load("group_seat", "group_lib");

	private static final LuaScript LEAVE = LuaScript.load("group_leave", "group_lib");

	private static final LuaScript PAY = LuaScript.load("group_pay", "group_lib");

	private static final LuaScript TIMERS = LuaScript.load("group_buy_timers", "group_lib");

	private static final LuaScript CANCEL = LuaScript.load("group_buy_cancel", "group_lib");

	/** Group topics are {@code group:<id>}; a script appends the id. */
	static final String GROUP_CHANNEL_PREFIX = LiveHub.channel("group:");

	private final LuaScripts scripts;

	GroupBuyScripts(LuaScripts scripts) {
		this.scripts = scripts;
	}

	Mono<String> create(GroupBuy buy) {
		return this.scripts.value(CREATE, keys(buy.id()), Long.toString(buy.id()), Integer.toString(buy.stock()),
				Long.toString(buy.groupPrice()), (buy.leaderPrice() != null) ? Long.toString(buy.leaderPrice()) : "",
				(buy.soloPrice() != null) ? Long.toString(buy.soloPrice()) : "", buy.currency(),
				Integer.toString(buy.groupSize()), Long.toString(buy.groupTtl().toMillis()),
				Integer.toString(buy.perUserLimit()), Long.toString(buy.startsAt().toEpochMilli()),
				Long.toString(buy.endsAt().toEpochMilli()), Long.toString(buy.payWindow().toMillis()),
				Integer.toString(buy.minRealMembers()));
	}

	/** The campaign's live message, empty when it has no hot state. */
	Mono<String> view(long id) {
		return this.scripts.value(VIEW, new String[] { new CampaignKeys(id).state() });
	}

	/** Raw reply {outcome, order or detail, group}, see {@code group_seat.lua}. */
	Mono<List<Object>> seat(long id, String mode, String groupId, String orderId, String userId, String name,
			String idempotencyKey) {
		return this.scripts.multi(SEAT, keys(id), mode, groupId, orderId, userId, name, idempotencyKey, channel(id),
				GROUP_CHANNEL_PREFIX);
	}

	Mono<List<Object>> leave(long id, String groupId, String userId) {
		return this.scripts.multi(LEAVE, keys(id), groupId, userId, channel(id), GROUP_CHANNEL_PREFIX);
	}

	/** Raw reply {outcome, order}, see {@code group_pay.lua}. */
	Mono<List<Object>> pay(long id, String orderId, String paymentRef) {
		return this.scripts.multi(PAY, keys(id), orderId, paymentRef, channel(id), GROUP_CHANNEL_PREFIX);
	}

	Mono<List<Object>> cancel(long id) {
		return this.scripts.multi(CANCEL, keys(id), channel(id), GROUP_CHANNEL_PREFIX);
	}

	Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
		return this.scripts.multi(TIMERS, keys(keys.campaignId()), channel(keys.campaignId()), GROUP_CHANNEL_PREFIX,
				Integer.toString(max));
	}

	private static String channel(long id) {
		return LiveHub.channel(GroupBuy.topic(id));
	}

	/**
	 * The KEYS every group-buy script takes, in the order {@code group_lib.lua} names
	 * them.
	 */
	private static String[] keys(long id) {
		CampaignKeys keys = new CampaignKeys(id);
		return new String[] { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
				keys.timers(), keys.groups(), keys.openGroups(), keys.refunds() };
	}

}
