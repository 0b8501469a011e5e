package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.LifecycleScripts;
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

	/** The kind's preludes: its keys, view and groups, then how groups close. */
	private static final String[] LIB = { "group_lib", "group_close_lib" };

	private static final LuaScript SEAT = LuaScript.load("group_seat", LIB);

	private static final LuaScript LEAVE = LuaScript.load("group_leave", LIB);

	private static final LuaScript PAY = LuaScript.load("group_pay", LIB);

	/** Group topics are {@code group:<id>}; a script appends the id. */
	static final String GROUP_CHANNEL_PREFIX = LiveHub.channel("group:");

	private final LuaScripts scripts;

	private final LifecycleScripts lifecycle;

	GroupBuyScripts(LuaScripts scripts) {
		this.scripts = scripts;
		this.lifecycle = new LifecycleScripts(scripts, GroupBuyType.KIND, GroupBuyScripts::keys, GROUP_CHANNEL_PREFIX,
				LIB);
	}

	/** The kind's create, view, cancel and timer scripts. */
	LifecycleScripts lifecycle() {
		return this.lifecycle;
	}

	/** Raw reply {outcome, order or detail, group}, see {@code group_seat.lua}. */
	Mono<List<Object>> seat(long id, String mode, String groupId, String orderId, String userId, String name,
			String idempotencyKey) {
		return this.scripts.multi(SEAT, keys(id), mode, groupId, orderId, userId, name, idempotencyKey, channel(id),
				groupChannelPrefix(id));
	}

	Mono<List<Object>> leave(long id, String groupId, String userId) {
		return this.scripts.multi(LEAVE, keys(id), groupId, userId, channel(id), groupChannelPrefix(id));
	}

	/** Raw reply {outcome, order}, see {@code group_pay.lua}. */
	Mono<List<Object>> pay(long id, String orderId, String paymentJson) {
		return this.scripts.multi(PAY, keys(id), orderId, paymentJson, channel(id), groupChannelPrefix(id));
	}

	/** The campaign topic's channel, in the campaign's slot when sharded. */
	private String channel(long id) {
		return this.scripts.channel(LiveHub.channel(GroupBuy.topic(id)), new CampaignKeys(id).state());
	}

	/** Its groups' channel prefix, in the campaign's slot when sharded. */
	private String groupChannelPrefix(long id) {
		return this.scripts.channel(GROUP_CHANNEL_PREFIX, new CampaignKeys(id).state());
	}

	/**
	 * The KEYS every group-buy script takes, in the order {@code group_lib.lua} names
	 * them.
	 */
	private static String[] keys(long id) {
		return keys(new CampaignKeys(id));
	}

	private static String[] keys(CampaignKeys keys) {
		return new String[] { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
				keys.timers(), keys.groups(), keys.openGroups(), keys.refunds() };
	}

}
