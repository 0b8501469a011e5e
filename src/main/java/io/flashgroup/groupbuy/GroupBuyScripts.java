package io.flashgroup.groupbuy;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTimers;
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
class GroupBuyScripts implements CampaignTimers {

	/** The kind's preludes: its keys, view and groups, then how groups close. */
	private static final String[] LIB = { "group_lib", "group_close_lib" };

	private static final LuaScript CREATE = LuaScript.load("campaign_create").named("group_buy_create");

	private static final LuaScript VIEW = LuaScript.load("campaign_view", LIB).named("group_buy_view");

	private static final LuaScript SEAT = LuaScript.load("group_seat", LIB);

	private static final LuaScript LEAVE = LuaScript.load("group_leave", LIB);

	private static final LuaScript PAY = LuaScript.load("group_pay", LIB);

	private static final LuaScript TIMERS = LuaScript.load("campaign_timers", LIB).named("group_buy_timers");

	private static final LuaScript CANCEL = LuaScript.load("campaign_cancel", LIB).named("group_buy_cancel");

	/** Group topics are {@code group:<id>}; a script appends the id. */
	static final String GROUP_CHANNEL_PREFIX = LiveHub.channel("group:");

	private final LuaScripts scripts;

	GroupBuyScripts(LuaScripts scripts) {
		this.scripts = scripts;
	}

	Mono<String> create(GroupBuy buy) {
		CampaignKeys keys = new CampaignKeys(buy.id());
		return this.scripts.value(CREATE, new String[] { keys.state(), keys.outbox(), keys.timers() },
				GroupBuyRepository.KIND, Long.toString(buy.startsAt().toEpochMilli()),
				Long.toString(buy.endsAt().toEpochMilli()), "id", Long.toString(buy.id()), "stock",
				Integer.toString(buy.stock()), "groupPrice", Long.toString(buy.groupPrice()), "leaderPrice",
				(buy.leaderPrice() != null) ? Long.toString(buy.leaderPrice()) : "", "soloPrice",
				(buy.soloPrice() != null) ? Long.toString(buy.soloPrice()) : "", "currency", buy.currency(),
				"groupSize", Integer.toString(buy.groupSize()), "groupTtlMs", Long.toString(buy.groupTtl().toMillis()),
				"perUserLimit", Integer.toString(buy.perUserLimit()), "payWindowMs",
				Long.toString(buy.payWindow().toMillis()), "minRealMembers", Integer.toString(buy.minRealMembers()),
				"openGroups", "0", "succeededGroups", "0", "failedGroups", "0");
	}

	/** The campaign's live message, empty when it has no hot state. */
	Mono<String> view(long id) {
		return this.scripts.value(VIEW, keys(id));
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

	@Override
	public String kind() {
		return GroupBuyRepository.KIND;
	}

	@Override
	public Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
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
