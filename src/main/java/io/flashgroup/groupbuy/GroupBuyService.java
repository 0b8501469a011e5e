package io.flashgroup.groupbuy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.LostState;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Group buys: create and cancel (PostgreSQL and Redis together), read with live counters,
 * and the seat transitions (open, join, auto-join, leave), each one Lua script.
 */
@Service
public class GroupBuyService {

	static final List<String> GROUP_STATUSES = List.of("OPEN", "SUCCEEDED", "FAILED", "CANCELLED");

	private static final int LIST_LIMIT = 100;

	/** Open groups a shopper can join first (fullest first), then the full ones. */
	private static final Comparator<Group> JOINABLE_FULLEST_FIRST = Comparator
		.comparing((Group group) -> group.seatsLeft() == 0)
		.thenComparingInt(Group::seatsLeft)
		.thenComparingLong(Group::deadline);

	private final GroupBuyRepository repository;

	private final GroupBuyScripts scripts;

	private final ActiveCampaigns active;

	private final RedisReactiveCommands<String, String> redis;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	private final GroupBuyProperties properties;

	private final GroupRows rows;

	private final LostState lostState;

	GroupBuyService(GroupBuyRepository repository, GroupBuyScripts scripts, ActiveCampaigns active,
			RedisReactiveCommands<String, String> redis, OrderCodec orders, ServerClock clock,
			TransactionalOperator transaction, JsonMapper json, GroupBuyProperties properties, GroupRows rows,
			LostState lostState) {
		this.lostState = lostState;
		this.rows = rows;
		this.repository = repository;
		this.scripts = scripts;
		this.active = active;
		this.redis = redis;
		this.orders = orders;
		this.clock = clock;
		this.transaction = transaction;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * Writes the campaign to PostgreSQL and its hot state to Redis in one transaction: if
	 * Redis fails, the row is rolled back.
	 */
	public Mono<GroupBuyView> create(String sellerId, CreateGroupBuy request) {
		CampaignTerms.requireFuture("endsAt", request.endsAt(), this.clock.now());
		CampaignTerms.requireWithin("groupTtl", request.groupTtl(), this.properties.minGroupTtl(),
				this.properties.maxGroupTtl());
		CampaignTerms.requireWithin("payWindow", request.effectivePayWindow(), this.properties.minPayWindow(),
				this.properties.maxPayWindow());
		Mono<GroupBuy> created = this.repository.insert(sellerId, request)
			.flatMap((buy) -> this.scripts.create(buy).then(this.active.add(buy.id())).thenReturn(buy));
		return this.transaction.transactional(created).flatMap(this::withCounters);
	}

	Mono<GroupBuyView> find(long id) {
		return this.repository.findById(id)
			.flatMap(this::withCounters)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Group buy " + id)));
	}

	private Mono<GroupBuyView> withCounters(GroupBuy buy) {
		return live(buy).map((message) -> GroupBuyView.of(buy, this.json.readValue(message, GroupBuyView.Live.class)));
	}

	/**
	 * The campaign's live message ({@code group_buy_view.lua}): from Redis while it is
	 * hot, recomputed from PostgreSQL once its keys expired.
	 */
	Mono<String> liveView(long id) {
		return this.scripts.view(id)
			.switchIfEmpty(Mono.defer(() -> this.repository.findById(id).flatMap(this::retired)));
	}

	private Mono<String> live(GroupBuy buy) {
		return this.scripts.view(buy.id()).switchIfEmpty(Mono.defer(() -> retired(buy)));
	}

	/**
	 * A campaign whose keys expired is over: its counters come from the record. The seq
	 * lived in Redis only, so a watcher after retirement starts at 0.
	 */
	private Mono<String> retired(GroupBuy buy) {
		return this.repository.tally(buy.id())
			.map((tally) -> this.json.writeValueAsString(Map.of("seq", 0, "serverTime", this.clock.millis(), "state",
					GroupBuyView.retiredState(buy, tally))));
	}

	/**
	 * Groups of a campaign with the given status: open ones from Redis (full ones too,
	 * marked {@code full}, after the joinable ones), fullest first; the closed ones from
	 * PostgreSQL (as flushed, milliseconds behind), newest first; at most 100.
	 */
	Flux<Group.View> groups(long id, String status) {
		CampaignKeys keys = new CampaignKeys(id);
		Flux<Group> groups = "OPEN".equals(status) ? this.redis.zrevrange(keys.openGroups(), 0, LIST_LIMIT - 1)
			.collectList()
			.filter((ids) -> !ids.isEmpty())
			.flatMapMany((ids) -> this.redis.hmget(keys.groups(), ids.toArray(String[]::new)))
			.filter(KeyValue::hasValue)
			.map((kv) -> read(kv.getValue()))
			.sort(JOINABLE_FULLEST_FIRST) : this.rows.find(id, status, LIST_LIMIT);
		return this.repository.findById(id)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Group buy " + id)))
			.thenMany(groups.map(Group::toView));
	}

	/** A group from Redis, or from PostgreSQL once its campaign has retired. */
	Mono<Group.View> group(String groupId) {
		return findGroup(groupId).map(Group::toView)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Group " + groupId)));
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
	Mono<Seat> seat(long campaignId, String mode, String groupId, String userId, String name, String key) {
		long now = this.clock.millis();
		String newGroupId = "JOIN".equals(mode) ? groupId : OrderId.next(campaignId, now).toString();
		String orderId = OrderId.next(campaignId, now).toString();
		return this.scripts.seat(campaignId, mode, newGroupId, orderId, userId, name, key)
			.map((reply) -> seatResult(String.valueOf(reply.get(0)), String.valueOf(reply.get(1)),
					String.valueOf(reply.get(2)), campaignId, groupId))
			.onErrorResume((ex) -> this.lostState.explain(campaignId, ex));
	}

	private Seat seatResult(String outcome, String detail, String group, long campaignId, String groupId) {
		return switch (outcome) {
			case "SEATED", "DUPLICATE" ->
				new Seat(this.orders.read(detail).toResponse(), read(group).toView(), "DUPLICATE".equals(outcome));
			case "KEY_REUSED" -> throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"This Idempotency-Key was used for a different request",
					Map.of("order", this.orders.read(detail).toResponse()));
			case "NOT_FOUND" -> throw LostState.missing("Group buy " + campaignId, GroupBuyRepository.KIND);
			case "GROUP_NOT_FOUND" -> throw ProblemException.notFound("Group " + groupId);
			case "CANCELLED" -> throw ProblemException.conflict("cancelled", "The group buy was cancelled", Map.of());
			case "ENDED" -> throw ProblemException.conflict("ended", "The group buy has ended", Map.of());
			case "NOT_STARTED" -> throw ProblemException.conflict("not-started", "The group buy has not started yet",
					Map.of("startsAt", java.time.Instant.ofEpochMilli(Long.parseLong(detail))));
			case "SOLD_OUT" -> throw ProblemException.conflict("sold-out", "No units left", Map.of("stockLeft", 0));
			case "LIMIT_REACHED" ->
				throw ProblemException.conflict("limit-reached", "You already hold as many seats as allowed",
						Map.of("held", Long.parseLong(detail.substring(0, detail.indexOf(':'))), "limit",
								Long.parseLong(detail.substring(detail.indexOf(':') + 1))));
			case "GROUP_FULL" ->
				throw ProblemException.conflict("group-full", "Every seat of this group is taken", Map.of());
			case "GROUP_CLOSED" -> throw ProblemException.conflict("group-closed", "This group no longer takes members",
					Map.of("groupStatus", detail));
			case "ALREADY_MEMBER" ->
				throw ProblemException.conflict("already-member", "You already have a seat in this group", Map.of());
			default -> throw new IllegalStateException("Unknown seat outcome " + outcome);
		};
	}

	Mono<Seat> leave(String groupId, String userId) {
		long campaignId = OrderId.campaignOrNotFound(groupId, "Group");
		return this.scripts.leave(campaignId, groupId, userId).map((reply) -> {
			String outcome = String.valueOf(reply.get(0));
			String detail = String.valueOf(reply.get(1));
			return switch (outcome) {
				case "LEFT" ->
					new Seat(this.orders.read(detail).toResponse(), read(String.valueOf(reply.get(2))).toView(), false);
				case "NOT_FOUND" -> throw LostState.missing("Group buy " + campaignId, GroupBuyRepository.KIND);
				case "GROUP_NOT_FOUND" -> throw ProblemException.notFound("Group " + groupId);
				case "NOT_MEMBER" -> throw ProblemException.notFound("Your seat in group " + groupId);
				case "ALREADY_PAID" ->
					throw ProblemException.conflict("already-paid", "A paid seat cannot be left", Map.of());
				case "GROUP_CLOSED" -> throw ProblemException.conflict("group-closed", "This group is closed",
						Map.of("groupStatus", detail));
				default -> throw new IllegalStateException("Unknown leave outcome " + outcome);
			};
		}).onErrorResume((ex) -> this.lostState.explain(campaignId, ex));
	}

	/** The kill switch: effective in Redis at once, then recorded in PostgreSQL. */
	Mono<GroupBuyView> cancel(long id, String userId, boolean ops) {
		return this.repository.findById(id)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Group buy " + id)))
			.doOnNext((buy) -> CampaignTerms.requireOwnerOrOps(buy.sellerId(), userId, ops, "group buy"))
			.flatMap((buy) -> this.scripts.cancel(id)
				.then(this.repository.markCancelled(id, this.clock.now()))
				.then(find(id)));
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
