package io.flashgroup.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

import io.flashgroup.security.Roles;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The one lifecycle every kind of campaign goes through: create (PostgreSQL and Redis
 * together), find and list with live counters, cancel (owner or ops). A kind supplies
 * what differs through its {@link CampaignType}.
 */
@Service
public class Campaigns {

	private static final int LIST_LIMIT = 100;

	private final CampaignRepository repository;

	private final ActiveCampaigns active;

	private final ServerClock clock;

	private final TransactionalOperator transaction;

	private final CampaignProperties properties;

	private final JsonMapper json;

	private final ObjectProvider<CampaignType<?, ?, ?>> types;

	Campaigns(CampaignRepository repository, ActiveCampaigns active, ServerClock clock,
			TransactionalOperator transaction, CampaignProperties properties, JsonMapper json,
			ObjectProvider<CampaignType<?, ?, ?>> types) {
		this.json = json;
		this.types = types;
		this.repository = repository;
		this.active = active;
		this.clock = clock;
		this.transaction = transaction;
		this.properties = properties;
	}

	/**
	 * Writes the campaign to PostgreSQL and its hot state to Redis in one transaction: if
	 * Redis fails, the row is rolled back, so a campaign never exists half-created.
	 */
	public <R extends CampaignRequest, D extends CampaignType.Defined, V extends CampaignType.Viewed> Mono<V> create(
			CampaignType<R, D, V> type, String sellerId, R request) {
		return Mono.defer(() -> {
			CampaignTerms terms = request.terms();
			requireValid(type, request, terms);
			Mono<D> created = this.repository.insert(type, sellerId, terms, type.columns(request))
				.flatMap((definition) -> type.createHotState(definition)
					.then(this.active.add(definition.campaign().id().value()))
					.thenReturn(definition));
			return this.transaction.transactional(created).flatMap((definition) -> view(type, definition));
		});
	}

	/** The campaign with its live counters, or a 404 problem. */
	public <D extends CampaignType.Defined, V extends CampaignType.Viewed> Mono<V> find(CampaignType<?, D, V> type,
			CampaignId id) {
		return found(type, id).map((found) -> type.view(found.definition(), found.liveMessage()));
	}

	/**
	 * What {@link #find} makes its view of: the definition and the live message, or a 404
	 * problem.
	 */
	public <D extends CampaignType.Defined> Mono<Found<D>> found(CampaignType<?, D, ?> type, CampaignId id) {
		return definition(type, id)
			.flatMap((definition) -> liveMessage(type, definition).map((message) -> new Found<>(definition, message)));
	}

	/**
	 * The campaign of whatever kind, its shared terms only (seller, product, share-coupon
	 * terms), or a 404 problem: for features that take any campaign (the circle).
	 */
	public Mono<Campaign> find(CampaignId id) {
		return this.repository.find(id, this::kindNamed)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Campaign " + id)));
	}

	private @Nullable CampaignKind kindNamed(String name) {
		return this.types.stream()
			.map(CampaignType::kind)
			.filter((kind) -> kind.name().equals(name))
			.findFirst()
			.orElse(null);
	}

	/** The campaign's definition, or a 404 problem. */
	public <D extends CampaignType.Defined> Mono<D> definition(CampaignType<?, D, ?> type, CampaignId id) {
		return this.repository.find(type, id)
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound(type.kind().named(id))));
	}

	/**
	 * Campaigns that have not ended (or only just), with one of the statuses, soonest
	 * first.
	 */
	public <D extends CampaignType.Defined, V extends CampaignType.Viewed> Flux<V> list(CampaignType<?, D, V> type,
			List<String> statuses, Function<V, String> status) {
		Instant since = this.clock.now().minusSeconds(60);
		return this.repository.findNotEndedSince(type, since, LIST_LIMIT)
			.flatMapSequential((definition) -> view(type, definition), 16)
			.filter((view) -> statuses.contains(status.apply(view)));
	}

	/**
	 * The live message of a campaign: from Redis while it is hot, from the record once
	 * its keys retired (or while Redis rebuilds them); empty when there is no such
	 * campaign.
	 */
	public <D extends CampaignType.Defined> Mono<String> liveMessage(CampaignType<?, D, ?> type, CampaignId id) {
		return type.hotView(id)
			.switchIfEmpty(Mono.defer(() -> this.repository.find(type, id).flatMap((found) -> recorded(type, found))));
	}

	/** {@link #liveMessage} of the campaign a topic names by the text after its colon. */
	public <D extends CampaignType.Defined> Mono<String> liveMessage(CampaignType<?, D, ?> type, String topicId) {
		OptionalLong id = CampaignKeys.idOf(topicId);
		return id.isPresent() ? liveMessage(type, new CampaignId(id.getAsLong())) : Mono.empty();
	}

	/**
	 * Adds a campaign's terms (the fields its create wrote) and its kind's records to a
	 * rebuild of its hot state from PostgreSQL; the orders are in {@code state} already.
	 * @param type the campaign's kind
	 * @param id the campaign
	 * @param state the state being rebuilt
	 * @return completes when done; an error when there is no such campaign of this kind
	 */
	public <D extends CampaignType.Defined> Mono<Void> rebuild(CampaignType<?, D, ?> type, CampaignId id,
			HotState state) {
		return definition(type, id).flatMap((definition) -> {
			Campaign campaign = definition.campaign();
			state.state("kind", type.kind().name())
				.state("startsAt", campaign.terms().startsAt().toEpochMilli())
				.state("endsAt", campaign.terms().endsAt().toEpochMilli())
				.state("cancelled", campaign.cancelled() ? 1 : 0);
			campaign.sharedStateFields().forEach(state::state);
			type.stateFields(definition).forEach(state::state);
			return type.rebuildRecords(definition, state);
		});
	}

	/** The kill switch: effective in Redis at once, then recorded in PostgreSQL. */
	public <D extends CampaignType.Defined, V extends CampaignType.Viewed> Mono<V> cancel(CampaignType<?, D, V> type,
			CampaignId id, Authentication user) {
		return definition(type, id).doOnNext((definition) -> requireOwnerOrOps(type, definition.campaign(), user))
			.flatMap((definition) -> type.cancelHotState(id)
				.then(this.repository.markCancelled(id, this.clock.now()))
				.then(find(type, id)));
	}

	private <D extends CampaignType.Defined, V extends CampaignType.Viewed> Mono<V> view(CampaignType<?, D, V> type,
			D definition) {
		return liveMessage(type, definition).map((message) -> type.view(definition, message));
	}

	private <D extends CampaignType.Defined> Mono<String> liveMessage(CampaignType<?, D, ?> type, D definition) {
		return type.hotView(definition.campaign().id()).switchIfEmpty(Mono.defer(() -> recorded(type, definition)));
	}

	/**
	 * The live message of a campaign without hot state, from the record: the seq lived in
	 * Redis only, so a watcher then starts at 0.
	 */
	private <D extends CampaignType.Defined> Mono<String> recorded(CampaignType<?, D, ?> type, D definition) {
		return type.recordedState(definition, this.clock.now())
			.map((state) -> this.json
				.writeValueAsString(Map.of("seq", 0, "serverTime", this.clock.millis(), "state", state)));
	}

	/**
	 * A campaign's definition with its live message.
	 *
	 * @param definition the campaign as PostgreSQL records it
	 * @param liveMessage its live message, from Redis or from the record
	 */
	public record Found<D extends CampaignType.Defined>(D definition, String liveMessage) {
	}

	private static void requireOwnerOrOps(CampaignType<?, ?, ?> type, Campaign campaign, Authentication user) {
		if (!Roles.isOps(user) && !campaign.sellerId().equals(user.getName())) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
					"Only the " + type.kind().inSentence() + "'s seller or ops may cancel it");
		}
	}

	/**
	 * What bean validation cannot see: the window must end in the future, and durations
	 * must be within their configured bounds; every broken rule in one 400, keyed by
	 * request field.
	 */
	private <R extends CampaignRequest> void requireValid(CampaignType<R, ?, ?> type, R request, CampaignTerms terms) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!terms.endsAt().isAfter(this.clock.now())) {
			errors.put("endsAt", "must be in the future");
		}
		for (CampaignType.Bounded bounded : type.bounded(request)) {
			check(errors, bounded);
		}
		check(errors, new CampaignType.Bounded("payWindow", terms.payWindow(), this.properties.minPayWindow(),
				this.properties.maxPayWindow()));
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
					Map.of("errors", errors));
		}
	}

	private static void check(Map<String, String> errors, CampaignType.Bounded bounded) {
		if (!bounded.within()) {
			errors.put(bounded.field(), "must be between " + bounded.min() + " and " + bounded.max());
		}
	}

}
