package io.flashgroup.bargain;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Sessions as the flusher recorded them in PostgreSQL, read back once their campaign's
 * Redis keys retired: the row, its cuts in order, and the terms it shares with its
 * campaign (currency, cuts needed).
 */
@Repository
class StoredSessions {

	private static final String SESSION_COLUMNS = """
			SELECT s.id::text AS id, s.campaign_id, s.owner_id, coalesce(s.owner_name, s.owner_id) AS owner_name,
			       s.status, s.list_price, s.floor_price, s.current_price, c.currency, s.cuts_left, c.helpers_needed,
			       s.deadline, s.order_id::text AS order_id, s.version, s.created_at, s.updated_at
			FROM bargain_sessions s JOIN campaigns c ON c.id = s.campaign_id""";

	private static final String SESSION = SESSION_COLUMNS + " WHERE s.id = $1::uuid";

	private static final String CAMPAIGN_SESSIONS = SESSION_COLUMNS
			+ " WHERE s.campaign_id = $1 ORDER BY s.created_at, s.id";

	private static final String CAMPAIGN_CUTS = """
			SELECT c.session_id::text AS session_id, c.helper_id, c.name, c.amount, c.price_after, c.created_at
			FROM bargain_cuts c JOIN bargain_sessions s ON s.id = c.session_id
			WHERE s.campaign_id = $1 ORDER BY c.session_id, c.price_after DESC
			""";

	/** Each cut lowers the price by at least one cent: the price after orders them. */
	private static final String CUTS = """
			SELECT helper_id, name, amount, price_after, created_at FROM bargain_cuts
			WHERE session_id = $1::uuid ORDER BY price_after DESC
			""";

	private final DatabaseClient db;

	StoredSessions(DatabaseClient db) {
		this.db = db;
	}

	/** The session; the id must be a well-formed session id. */
	Mono<Session> find(String id) {
		return cuts(id).flatMap((cuts) -> this.db.sql(SESSION).bind(0, id).map((row) -> session(row, cuts)).one());
	}

	/**
	 * Every session of a campaign with its cuts: the record a lost hot state is rebuilt
	 * from.
	 */
	Flux<Session> findAll(long campaignId) {
		Mono<Map<String, List<Session.Cut>>> cuts = this.db.sql(CAMPAIGN_CUTS)
			.bind(0, campaignId)
			.map((row) -> Map.entry(row.get("session_id", String.class), cut(row)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.map((all) -> {
				Map<String, List<Session.Cut>> lists = new HashMap<>();
				all.forEach((id, list) -> lists.put(id, List.copyOf(list)));
				return lists;
			});
		return cuts.flatMapMany((bySession) -> this.db.sql(CAMPAIGN_SESSIONS)
			.bind(0, campaignId)
			.map((row) -> session(row, bySession.getOrDefault(row.get("id", String.class), List.of())))
			.all());
	}

	private Mono<List<Session.Cut>> cuts(String id) {
		return this.db.sql(CUTS).bind(0, id).map(StoredSessions::cut).all().collectList();
	}

	private static Session.Cut cut(Readable row) {
		return new Session.Cut(row.get("helper_id", String.class), row.get("name", String.class),
				row.get("amount", Long.class), row.get("price_after", Long.class), millis(row, "created_at"));
	}

	private static Session session(Readable row, List<Session.Cut> cuts) {
		String lastHelper = cuts.isEmpty() ? null : cuts.get(cuts.size() - 1).name();
		return new Session(row.get("id", String.class), row.get("campaign_id", Long.class),
				row.get("owner_id", String.class), row.get("owner_name", String.class), row.get("status", String.class),
				row.get("list_price", Long.class), row.get("floor_price", Long.class),
				row.get("current_price", Long.class), row.get("currency", String.class),
				row.get("cuts_left", Integer.class), row.get("helpers_needed", Integer.class), millis(row, "deadline"),
				cuts, lastHelper, row.get("order_id", String.class), row.get("version", Integer.class),
				millis(row, "created_at"), millis(row, "updated_at"));
	}

	private static long millis(Readable row, String column) {
		return row.get(column, OffsetDateTime.class).toInstant().toEpochMilli();
	}

}
