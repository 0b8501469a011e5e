package io.flashgroup.bargain;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignKeys;
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
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Bargain sessions: start, cut and purchase, each one Lua script; sessions read from
 * Redis while their campaign is hot, from PostgreSQL after. (Create, read and cancel are
 * the shared lifecycle's.)
 */
@Service
class BargainService {

	private final Campaigns campaigns;

	private final BargainType type;

	private final StoredSessions stored;

	private final BargainScripts scripts;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final JsonMapper json;

	private final Outcomes.Attempts starts;

	private final Outcomes.Attempts cuts;

	private final Outcomes.Attempts purchases;

	/**
	 * Split randomness: seeded once from the OS, then never blocking on the event loop.
	 */
	private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

	BargainService(Campaigns campaigns, BargainType type, StoredSessions stored, BargainScripts scripts,
			RedisClusterReactiveCommands<String, String> redis, OrderCodec orders, ServerClock clock, JsonMapper json,
			Outcomes outcomes) {
		this.campaigns = campaigns;
		this.type = type;
		this.stored = stored;
		this.scripts = scripts;
		this.redis = redis;
		this.orders = orders;
		this.clock = clock;
		this.json = json;
		this.starts = outcomes.attempts(BargainType.KIND, "start");
		this.cuts = outcomes.attempts(BargainType.KIND, "cut");
		this.purchases = outcomes.attempts(BargainType.KIND, "purchase");
	}

	/** Starts the shopper's session: the cuts are split now and stored with it. */
	Mono<Session.View> start(CampaignId campaignId, String ownerId, String ownerName) {
		Mono<Outcome<Session.View>> attempt = this.campaigns.definition(this.type, campaignId).flatMap((bargain) -> {
			long[] cuts;
			synchronized (this.random) {
				cuts = CutSplit.split(bargain.listPrice() - bargain.floorPrice(), bargain.helpersNeeded(),
						this.random.split());
			}
			String split = Arrays.stream(cuts).mapToObj(Long::toString).collect(Collectors.joining(","));
			String sessionId = OrderId.next(campaignId.value(), this.clock.millis()).toString();
			return this.scripts.start(campaignId.value(), sessionId, ownerId, ownerName, split);
		})
			.map(ScriptReply::of)
			.map((reply) -> "STARTED".equals(reply.outcome()) ? Outcome.done(read(reply.detail()).toView(), reply)
					: Outcome.refused(refusal(reply, "")));
		return this.starts.settle(campaignId, attempt).map(Outcome.Done::value);
	}

	/**
	 * The session from Redis, or from PostgreSQL once its campaign's keys retired; empty
	 * when there is no such session.
	 */
	Mono<Session> findSession(String sessionId) {
		return Mono.justOrEmpty(OrderId.campaignOf(sessionId))
			.flatMap((campaignId) -> this.redis.hget(new CampaignKeys(campaignId).sessions(), sessionId))
			.map(this::read)
			.switchIfEmpty(Mono.defer(() -> storedSession(sessionId)));
	}

	/** Asks PostgreSQL only for well-formed session ids, in their canonical form. */
	private Mono<Session> storedSession(String sessionId) {
		return Mono.justOrEmpty(OrderId.parse(sessionId))
			.filter((id) -> id.campaignId() > 0)
			.flatMap((id) -> this.stored.find(id.toString()));
	}

	/** One helper's cut. */
	Mono<CutResult> cut(String sessionId, String helperId, String helperName) {
		CampaignId campaignId = campaignOf(sessionId);
		Mono<Outcome<CutResult>> attempt = this.scripts.cut(campaignId.value(), sessionId, helperId, helperName)
			.map(ScriptReply::of)
			.map((reply) -> {
				if ("SOLD_OUT".equals(reply.outcome())) {
					return Outcome
						.refused(BargainRefusals.soldOut("The bargain is sold out: cuts resume if units come back"));
				}
				if (!"CUT".equals(reply.outcome())) {
					return Outcome.refused(refusal(reply, sessionId));
				}
				Session session = read(reply.detail());
				return Outcome.done(
						new CutResult(reply.numberAt(2), session.currentPrice(), session.cutsLeft(), session.toView()),
						reply);
			});
		return this.cuts.settle(campaignId, attempt).map(Outcome.Done::value);
	}

	/** The owner buys at the current price; asking again returns the same order. */
	Mono<Outcome.Done<Purchase>> purchase(String sessionId, String ownerId) {
		CampaignId campaignId = campaignOf(sessionId);
		String orderId = OrderId.next(campaignId.value(), this.clock.millis()).toString();
		Mono<Outcome<Purchase>> attempt = this.scripts.purchase(campaignId.value(), sessionId, ownerId, orderId)
			.map(ScriptReply::of)
			.map((reply) -> switch (reply.outcome()) {
				case "RESERVED", "DUPLICATE" -> Outcome.done(new Purchase(this.orders.read(reply.detail()).toResponse(),
						read(reply.at(2)).toView(), "DUPLICATE".equals(reply.outcome())), reply);
				case "SOLD_OUT" -> Outcome.refused(
						BargainRefusals.soldOut("No units left: the bargain sold out before this session was bought"));
				default -> Outcome.refused(refusal(reply, sessionId));
			});
		return this.purchases.settle(campaignId, attempt);
	}

	private static CampaignId campaignOf(String sessionId) {
		return new CampaignId(OrderId.campaignOrNotFound(sessionId, "Bargain session"));
	}

	private static Refusal refusal(ScriptReply reply, String sessionId) {
		return Refusal.of(reply, (own) -> BargainRefusals.of(own, sessionId));
	}

	Session read(String json) {
		return this.json.readValue(json, Session.class);
	}

	/**
	 * A cut's answer.
	 *
	 * @param amount minor units cut
	 * @param currentPrice the price after it
	 * @param cutsLeft cuts still to make
	 * @param session the session after it
	 */
	record CutResult(long amount, long currentPrice, int cutsLeft, Session.View session) {
	}

	/**
	 * A purchase's answer.
	 *
	 * @param order the order, RESERVED until paid
	 * @param session the session, PURCHASED
	 * @param replayed whether the session had been bought already
	 */
	record Purchase(Order.Response order, Session.View session, boolean replayed) {
	}

}
