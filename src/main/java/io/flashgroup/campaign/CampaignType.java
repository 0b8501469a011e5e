package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/**
 * How a kind of campaign plugs into the one lifecycle ({@link Campaigns}): its request,
 * its own columns, its hot state's fields and scripts, its view, its timers and its
 * records in a rebuild. A kind's folder implements this once; the payment step
 * ({@code order.CampaignPayments}), outbox records ({@code order.OutboxRecords}) and live
 * topics ({@code live.LiveSource}) are the same kind of plug-in one layer up, since
 * {@code order} and {@code live} sit above {@code campaign}.
 *
 * @param <R> the kind's create request
 * @param <D> the kind's definition: the shared {@link Campaign} and its own terms
 * @param <V> what the API shows of a campaign of the kind
 */
public interface CampaignType<R extends CampaignRequest, D extends CampaignType.Defined, V extends CampaignType.Viewed>
		extends CampaignTimers {

	/** The kind's own columns of {@code campaigns}, read into its definition. */
	default List<String> columns() {
		return List.of();
	}

	/** Values of the kind's own columns for a new campaign. */
	default KindColumns columns(R request) {
		return new KindColumns();
	}

	/** Durations of the request that configured bounds limit (a group's lifetime). */
	default List<Bounded> bounded(R request) {
		return List.of();
	}

	/**
	 * The definition from a row of {@code campaigns}: the shared part and the kind's
	 * columns.
	 */
	D definition(Campaign campaign, Readable row);

	/** The kind's lifecycle scripts (create, view, cancel, timers). */
	LifecycleScripts lifecycle();

	/**
	 * The kind's own fields of the state hash: its price under its name, its terms, its
	 * counters at 0. A create writes them after the shared ones; a rebuild too, then
	 * counts its records into the counters.
	 */
	Map<String, Object> stateFields(D definition);

	/**
	 * The state of the live message as PostgreSQL's record implies it at {@code now}, for
	 * a campaign without hot state (retired, or lost and being rebuilt): the fields the
	 * kind's {@code view(now)} in Lua shows.
	 */
	Mono<Map<String, Object>> recordedState(D definition, Instant now);

	/** What the API shows, from the definition and a live message. */
	V view(D definition, String liveMessage);

	/**
	 * Adds the kind's records (groups, sessions) with their indexes and timers to a
	 * rebuild; the terms and the orders are already in {@code state}.
	 */
	default Mono<Void> rebuildRecords(D definition, HotState state) {
		return Mono.empty();
	}

	/** Creates the hot state in Redis; idempotent (a second call finds it there). */
	default Mono<?> createHotState(D definition) {
		return lifecycle().create(definition.campaign(), stateFields(definition));
	}

	/**
	 * The live message ({@code {"seq","serverTime","state"}}) from Redis; empty without
	 * state.
	 */
	default Mono<String> hotView(CampaignId id) {
		return lifecycle().view(id);
	}

	/** The kill switch in Redis: stops the campaign at once and unwinds what it holds. */
	default Mono<?> cancelHotState(CampaignId id) {
		return lifecycle().cancel(id);
	}

	@Override
	default Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
		return lifecycle().applyTimers(keys, max);
	}

	/** A kind's definition: it carries the shared part, and reads it out. */
	interface Defined {

		Campaign campaign();

		default long id() {
			return campaign().id().value();
		}

		default String currency() {
			return campaign().terms().price().currency();
		}

		default int stock() {
			return campaign().terms().stock();
		}

		default int perUserLimit() {
			return campaign().terms().perUserLimit();
		}

		default Instant startsAt() {
			return campaign().terms().startsAt();
		}

		default Instant endsAt() {
			return campaign().terms().endsAt();
		}

		default Duration payWindow() {
			return campaign().terms().payWindow();
		}

		default boolean cancelled() {
			return campaign().cancelled();
		}

	}

	/** What the API shows of a campaign: it has an id. */
	interface Viewed {

		long id();

	}

	/**
	 * A duration a seller set and its configured bounds.
	 *
	 * @param field the request field
	 * @param value what the seller set
	 * @param min shortest allowed
	 * @param max longest allowed
	 */
	record Bounded(String field, Duration value, Duration min, Duration max) {

		boolean within() {
			return this.value.compareTo(this.min) >= 0 && this.value.compareTo(this.max) <= 0;
		}

	}

}
