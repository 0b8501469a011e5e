package io.flashgroup.groupbuy;

import java.util.Comparator;
import java.util.List;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignRefusal;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.Outcome;
import io.flashgroup.campaign.Outcomes;
import io.flashgroup.campaign.Refusal;
import io.flashgroup.campaign.ScriptReply;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Group buys' seats: open, join, auto-join and leave, each one Lua script; groups read
 * from Redis while their campaign is hot, from PostgreSQL after. (Create, read and cancel
 * are the shared lifecycle's.)
 */
@Service
class GroupBuyService {

	static final List<String> GROUP_STATUSES = List.of("OPEN", "SUCCEEDED", "FAILED", "CANCELLED");

	private static final int LIST_LIMIT = 100;

	/** Open groups a shopper can join first (fullest first), then the full ones. */
	private static final Comparator<Group> JOINABLE_FULLEST_FIRST = Comparator
		.comparing((Group group) -> group.seatsLeft() == 0)
		.thenComparingInt(Group::seatsLeft)
		.thenComparingLong(Group::deadline);

	private final GroupBuyScripts scripts;

	private final Campaigns campaigns;

	private final GroupBuyType type;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final JsonMapper json;

	private final GroupRows rows;

	private final Outcomes.Attempts seats;

	private final Outcomes.Attempts leaves;

	GroupBuyService(GroupBuyScripts scripts, Campaigns campaigns, GroupBuyType type,
			RedisClusterReactiveCommands<String, String> redis, OrderCodec orders, ServerClock clock, JsonMapper json,
			GroupRows rows, Outcomes outcomes) {
		this.scripts = scripts;
		this.campaigns = campaigns;
		this.type = type;
		this.redis = redis;
		this.orders = orders;
		this.clock = clock;
		this.json = json;
		this.rows = rows;
		this.seats = outcomes.attempts(GroupBuyType.KIND, "seat");
		this.leaves = outcomes.attempts(GroupBuyType.KIND, "leave");
	}

	/**
	 * Groups of a campaign with the given status: open ones from Redis (full ones too,
	 * marked {@code full}, after the joinable ones), fullest first; the closed ones from
	 * PostgreSQL (as flushed, milliseconds behind), newest first; at most 100.
	 */
	Flux<Group.View> groups(CampaignId id, String status) {
		CampaignKeys keys = id.keys();
		Flux<Group> groups = "OPEN".equals(status) ? this.redis.zrevrange(keys.openGroups(), 0, LIST_LIMIT - 1)
			.collectList()
			.filter((ids) -> !ids.isEmpty())
			.flatMapMany((ids) -> this.redis.hmget(keys.groups(), ids.toArray(String[]::new)))
			.filter(KeyValue::hasValue)
			.map((kv) -> read(kv.getValue()))
			.sort(JOINABLE_FULLEST_FIRST) : this.rows.find(id.value(), status, LIST_LIMIT);
		return this.campaigns.definition(this.type, id).thenMany(groups.map(Group::toView));
	}

	/**
	 * A group from Redis, or from PostgreSQL once its campaign has retired; empty when
	 * unknown.
	 */
	Mono<Group> findGroup(String groupId) {
		return hotGroup(groupId).switchIfEmpty(Mono
			.defer(() -> Mono.justOrEmpty(OrderId.parse(groupId)).flatMap((id) -> this.rows.findById(id.value()))));
	}

	private Mono<Group> hotGroup(String groupId) {
		return Mono.justOrEmpty(OrderId.campaignOf(groupId))
			.flatMap((campaignId) -> this.redis.hget(new CampaignKeys(campaignId).groups(), groupId))
			.map(this::read);
	}

	Group read(String groupJson) {
		return this.json.readValue(groupJson, Group.class);
	}

	/**
	 * Takes a seat: {@code mode} OPEN, JOIN (into {@code groupId}) or AUTO.
	 */
	Mono<Outcome.Done<Seat>> seat(CampaignId campaignId, String mode, String groupId, String userId, String name,
			String key) {
		long now = this.clock.millis();
		String newGroupId = "JOIN".equals(mode) ? groupId : OrderId.next(campaignId.value(), now).toString();
		String orderId = OrderId.next(campaignId.value(), now).toString();
		return this.seats.settle(campaignId,
				this.scripts.seat(campaignId.value(), mode, newGroupId, orderId, userId, name, key)
					.map((reply) -> outcome(ScriptReply.of(reply), groupId)));
	}

	Mono<Outcome.Done<Seat>> leave(String groupId, String userId) {
		CampaignId campaignId = new CampaignId(OrderId.campaignOrNotFound(groupId, "Group"));
		return this.leaves.settle(campaignId, this.scripts.leave(campaignId.value(), groupId, userId)
			.map((reply) -> outcome(ScriptReply.of(reply), groupId)));
	}

	/** A seat or leave reply {outcome, order JSON or detail, group JSON}. */
	private Outcome<Seat> outcome(ScriptReply reply, String groupId) {
		return switch (reply.outcome()) {
			case "SEATED", "DUPLICATE", "LEFT" -> Outcome.done(new Seat(this.orders.read(reply.detail()).toResponse(),
					read(reply.at(2)).toView(), "DUPLICATE".equals(reply.outcome())), reply);
			case "KEY_REUSED" ->
				Outcome.refused(new CampaignRefusal.KeyReused(this.orders.read(reply.detail()).toResponse()));
			default -> Outcome.refused(refusal(reply, groupId));
		};
	}

	private static Refusal refusal(ScriptReply reply, String groupId) {
		return Refusal.of(reply, (own) -> GroupRefusals.of(own, groupId));
	}

	/**
	 * A seat and its group.
	 *
	 * @param order the seat's order
	 * @param group the group after the change
	 * @param replayed whether this answers a retry with the same Idempotency-Key
	 */
	record Seat(Order.Response order, Group.View group, boolean replayed) {
	}

}
