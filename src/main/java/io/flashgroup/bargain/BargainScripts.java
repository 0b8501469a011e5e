package io.flashgroup.bargain;

import java.util.List;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveHub;
import io.flashgroup.live.LocalWrites;
import io.flashgroup.order.CampaignPayments;
import io.flashgroup.order.Order;
import io.flashgroup.order.Payment;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Typed entry points to the bargain Lua scripts; each is one atomic step in the
 * campaign's slot. Also the bargain kind's timers and payments (a late payment reopens
 * the session like the pay-window timer does).
 */
@Component
class BargainScripts implements CampaignPayments {

	private static final String LIB = "bargain_lib";

	private static final LuaScript START = LuaScript.load("bargain_start", LIB);

	private static final LuaScript CUT = LuaScript.load("bargain_cut", LIB);

	private static final LuaScript PURCHASE = LuaScript.load("bargain_purchase", LIB);

	private static final LuaScript PAY = LuaScript.load("bargain_pay", LIB);

	/** Session topics are {@code bargain:<id>}; a script appends the id. */
	static final String SESSION_CHANNEL_PREFIX = LiveHub.channel("bargain:");

	private static final long DAY_MS = 86_400_000L;

	/** Daily help counts outlive their day by one, then expire by themselves. */
	static final String HELPS_TTL_SECONDS = Long.toString(2 * DAY_MS / 1000);

	private final LuaScripts scripts;

	private final ServerClock clock;

	private final LifecycleScripts lifecycle;

	private final LocalWrites writes;

	BargainScripts(LuaScripts scripts, ServerClock clock, LocalWrites writes) {
		this.scripts = scripts;
		this.clock = clock;
		this.writes = writes;
		this.lifecycle = new LifecycleScripts(scripts, BargainType.KIND, this::keys, SESSION_CHANNEL_PREFIX, LIB);
	}

	/**
	 * The kind's create, view, cancel and timer scripts (bargains have no campaign
	 * topic).
	 */
	LifecycleScripts lifecycle() {
		return this.lifecycle;
	}

	/** Raw reply {outcome, session or detail}, see {@code bargain_start.lua}. */
	Mono<List<Object>> start(long id, String sessionId, String ownerId, String ownerName, String split) {
		return this.scripts.multi(START, keys(id), sessionId, ownerId, ownerName, split, sessionChannelPrefix(id));
	}

	/** Raw reply {outcome, session or detail, amount}, see {@code bargain_cut.lua}. */
	Mono<List<Object>> cut(long id, String sessionId, String helperId, String helperName) {
		return this.scripts.multi(CUT, keys(id), sessionId, helperId, helperName, sessionChannelPrefix(id),
				HELPS_TTL_SECONDS);
	}

	/**
	 * Raw reply {outcome, order or detail, session}, see {@code bargain_purchase.lua}.
	 */
	Mono<List<Object>> purchase(long id, String sessionId, String ownerId, String orderId) {
		return this.scripts.multi(PURCHASE, keys(id), sessionId, ownerId, orderId, sessionChannelPrefix(id));
	}

	@Override
	public CampaignKind kind() {
		return BargainType.KIND;
	}

	@Override
	public Mono<List<Object>> markPaid(Order order, Payment payment) {
		return this.scripts
			.multi(PAY, keys(order.campaignId()), order.id(), payment.json(), sessionChannelPrefix(order.campaignId()))
			.doOnSuccess((reply) -> this.writes.written(order.campaignId()));
	}

	/** Its sessions' channel prefix, in the campaign's slot when sharded. */
	private String sessionChannelPrefix(long id) {
		return this.scripts.channel(SESSION_CHANNEL_PREFIX, new CampaignKeys(id).state());
	}

	/** The keys every bargain script takes, see {@code bargain_lib.lua}. */
	private String[] keys(long id) {
		return keys(new CampaignKeys(id));
	}

	private String[] keys(CampaignKeys keys) {
		return new String[] { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
				keys.timers(), keys.sessions(), keys.splits(), keys.owners(), keys.starts(),
				keys.helps(Math.floorDiv(this.clock.millis(), DAY_MS)) };
	}

}
