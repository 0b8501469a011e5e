package io.flashgroup.bargain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.LostState;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignTerms;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderCodec;
import io.flashgroup.order.OrderId;
import io.flashgroup.order.OrderLedger;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Bargains: create and cancel (PostgreSQL and Redis together), read with live counters,
 * and the session transitions (start, cut, purchase), each one Lua script.
 */
@Service
public class BargainService {

	private final BargainRepository repository;

	private final StoredSessions stored;

	private final BargainScripts scripts;

	private final ActiveCampaigns active;

	private final RedisReactiveCommands<String, String> redis;

	private final OrderCodec orders;

	private final ServerClock clock;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	private final BargainProperties properties;

	private final OrderLedger ledger;

	/**
	 * Split randomness: seeded once from the OS, then never blocking on the event loop.
	 */
	private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

	private final LostState lostState;

	BargainService(BargainRepository repository, StoredSessions stored, BargainScripts scripts, ActiveCampaigns active,
			RedisReactiveCommands<String, String> redis, OrderCodec orders, ServerClock clock,
			TransactionalOperator transaction, JsonMapper json, BargainProperties properties, OrderLedger ledger,
			LostState lostState) {
		this.lostState = lostState;
		this.ledger = ledger;
		this.repository = repository;
		this.stored = stored;
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
	 * Writes the campaign to PostgreSQL and its hot state to Redis in one transaction.
	 */
	public Mono<BargainView> create(String sellerId, CreateBargain request) {
		CampaignTerms.requireFuture("endsAt", request.endsAt(), this.clock.now());
		CampaignTerms.requireWithin("sessionTtl", request.sessionTtl(), this.properties.minSessionTtl(),
				this.properties.maxSessionTtl());
		CampaignTerms.requireWithin("payWindow", request.effectivePayWindow(), this.properties.minPayWindow(),
				this.properties.maxPayWindow());
		Mono<Bargain> created = this.repository.insert(sellerId, request)
			.flatMap((bargain) -> this.scripts.create(bargain).then(this.active.add(bargain.id())).thenReturn(bargain));
		return this.transaction.transactional(created).flatMap(this::withCounters);
	}

	Mono<BargainView> find(long id) {
		return this.repository.findById(id)
			.flatMap(this::withCounters)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Bargain " + id)));
	}

	private Mono<BargainView> withCounters(Bargain bargain) {
		return this.scripts.view(bargain.id())
			.map((message) -> this.json.readValue(message, BargainView.Live.class))
			.switchIfEmpty(Mono.defer(() -> retiredCounters(bargain)))
			.map((live) -> BargainView.of(bargain, live));
	}

	/**
	 * A bargain whose hot state retired is over; PostgreSQL recorded what it sold and
	 * which sessions are open (none, once every deadline passed), so it reads as it did
	 * before.
	 */
	private Mono<BargainView.Live> retiredCounters(Bargain bargain) {
		return Mono.zip(this.ledger.heldUnitsInPostgres(bargain.id()), this.repository.openSessions(bargain.id()))
			.map((counts) -> new BargainView.Live(0, this.clock.millis(),
					new BargainView.Counters(
							CampaignTerms.statusAt(bargain.cancelled(), this.clock.now(), bargain.startsAt(),
									bargain.endsAt(), counts.getT1(), bargain.stock()),
							bargain.stock() - counts.getT1(), counts.getT2())));
	}

	/** Starts the shopper's session: the cuts are split now and stored with it. */
	Mono<Session.View> start(long campaignId, String ownerId, String ownerName) {
		return this.repository.findById(campaignId)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Bargain " + campaignId)))
			.flatMap((bargain) -> {
				long[] cuts;
				synchronized (this.random) {
					cuts = CutSplit.split(bargain.listPrice() - bargain.floorPrice(), bargain.helpersNeeded(),
							this.random.split());
				}
				String split = Arrays.stream(cuts).mapToObj(Long::toString).collect(Collectors.joining(","));
				String sessionId = OrderId.next(campaignId, this.clock.millis()).toString();
				return this.scripts.start(campaignId, sessionId, ownerId, ownerName, split);
			})
			.map((reply) -> {
				String outcome = String.valueOf(reply.get(0));
				String detail = String.valueOf(reply.get(1));
				return switch (outcome) {
					case "STARTED" -> read(detail).toView();
					case "SESSION_EXISTS" -> throw ProblemException.conflict("session-exists",
							"You already have an open session in this bargain", Map.of("sessionId", detail));
					case "LIMIT_REACHED" ->
						throw ProblemException.conflict("limit-reached", "You started as many sessions as allowed",
								Map.of("held", before(detail), "limit", after(detail)));
					default -> throw campaignProblem(outcome, detail, campaignId);
				};
			})
			.onErrorResume((ex) -> this.lostState.explain(campaignId, ex));
	}

	Mono<Session.View> session(String sessionId) {
		return findSession(sessionId).map(Session::toView)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Bargain session " + sessionId)));
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
		long campaignId = campaignOf(sessionId);
		return this.scripts.cut(campaignId, sessionId, helperId, helperName).map((reply) -> {
			String outcome = String.valueOf(reply.get(0));
			String detail = String.valueOf(reply.get(1));
			return switch (outcome) {
				case "CUT" -> {
					Session session = read(detail);
					yield new CutResult(((Number) reply.get(2)).longValue(), session.currentPrice(), session.cutsLeft(),
							session.toView());
				}
				case "NOT_FOUND" -> throw LostState.missing("Bargain " + campaignId, Bargain.KIND);
				case "SESSION_NOT_FOUND" -> throw ProblemException.notFound("Bargain session " + sessionId);
				case "SOLD_OUT" -> throw ProblemException.conflict("sold-out",
						"The bargain is sold out: cuts resume if units come back", Map.of("stockLeft", 0));
				case "SELF_HELP" ->
					throw ProblemException.conflict("self-help", "You cannot cut your own session", Map.of());
				case "ALREADY_HELPED" ->
					throw ProblemException.conflict("already-helped", "You already cut this session", Map.of());
				case "HELP_LIMIT_REACHED" -> throw ProblemException.conflict("help-limit-reached",
						"You helped as many sessions today as this bargain allows",
						Map.of("helped", before(detail), "limit", after(detail)));
				case "SESSION_CLOSED" -> throw ProblemException.conflict("session-closed",
						"This session takes no more cuts", Map.of("sessionStatus", detail));
				default -> throw new IllegalStateException("Unknown cut outcome " + outcome);
			};
		}).onErrorResume((ex) -> this.lostState.explain(campaignId, ex));
	}

	/** The owner buys at the current price; asking again returns the same order. */
	Mono<Purchase> purchase(String sessionId, String ownerId) {
		long campaignId = campaignOf(sessionId);
		String orderId = OrderId.next(campaignId, this.clock.millis()).toString();
		return this.scripts.purchase(campaignId, sessionId, ownerId, orderId).map((reply) -> {
			String outcome = String.valueOf(reply.get(0));
			String detail = String.valueOf(reply.get(1));
			return switch (outcome) {
				case "RESERVED", "DUPLICATE" -> new Purchase(this.orders.read(detail).toResponse(),
						read(String.valueOf(reply.get(2))).toView(), "DUPLICATE".equals(outcome));
				case "SESSION_NOT_FOUND" -> throw ProblemException.notFound("Bargain session " + sessionId);
				case "NOT_OWNER" -> throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
						"Only the session's owner may buy", Map.of());
				case "SOLD_OUT" -> throw ProblemException.conflict("sold-out",
						"No units left: the bargain sold out before this session was bought", Map.of("stockLeft", 0));
				case "LIMIT_REACHED" ->
					throw ProblemException.conflict("limit-reached", "You already bought as many units as allowed",
							Map.of("held", before(detail), "limit", after(detail)));
				case "SESSION_CLOSED" -> throw ProblemException.conflict("session-closed",
						"This session can no longer be bought", Map.of("sessionStatus", detail));
				default -> throw campaignProblem(outcome, detail, campaignId);
			};
		}).onErrorResume((ex) -> this.lostState.explain(campaignId, ex));
	}

	/** The kill switch: effective in Redis at once, then recorded in PostgreSQL. */
	Mono<BargainView> cancel(long id, String userId, boolean ops) {
		return this.repository.findById(id)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Bargain " + id)))
			.doOnNext((bargain) -> CampaignTerms.requireOwnerOrOps(bargain.sellerId(), userId, ops, "bargain"))
			.flatMap((bargain) -> this.scripts.cancel(id)
				.then(this.repository.markCancelled(id, this.clock.now()))
				.then(find(id)));
	}

	private static long campaignOf(String sessionId) {
		return OrderId.campaignOrNotFound(sessionId, "Bargain session");
	}

	private static ProblemException campaignProblem(String outcome, String detail, long campaignId) {
		return switch (outcome) {
			case "NOT_FOUND" -> LostState.missing("Bargain " + campaignId, Bargain.KIND);
			case "CANCELLED" -> ProblemException.conflict("cancelled", "The bargain was cancelled", Map.of());
			case "ENDED" -> ProblemException.conflict("ended", "The bargain has ended", Map.of());
			case "SOLD_OUT" -> ProblemException.conflict("sold-out", "No units left", Map.of("stockLeft", 0));
			case "NOT_STARTED" -> ProblemException.conflict("not-started", "The bargain has not started yet",
					Map.of("startsAt", Instant.ofEpochMilli(Long.parseLong(detail))));
			default -> throw new IllegalStateException("Unknown outcome " + outcome);
		};
	}

	private static long before(String pair) {
		return Long.parseLong(pair.substring(0, pair.indexOf(':')));
	}

	private static long after(String pair) {
		return Long.parseLong(pair.substring(pair.indexOf(':') + 1));
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
