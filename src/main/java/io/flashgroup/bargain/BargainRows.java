package io.flashgroup.bargain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.order.OutboxRecords;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Sessions and cuts in PostgreSQL, written by the outbox flusher in the same batch as the
 * orders: one statement each, sessions guarded by version, cuts keyed by session and
 * helper, so a replayed batch changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class BargainRows {

	private static final String SESSIONS = """
			INSERT INTO bargain_sessions (id, campaign_id, owner_id, status, list_price, floor_price, current_price,
			                              cuts_left, deadline, order_id, version, created_at, updated_at, owner_name)
			SELECT u.id::uuid, u.campaign_id, u.owner_id, u.status, u.list_price, u.floor_price, u.current_price,
			       u.cuts_left, to_timestamp(u.deadline / 1000.0), NULLIF(u.order_id, '')::uuid, u.version,
			       to_timestamp(u.created_at / 1000.0), to_timestamp(u.updated_at / 1000.0), u.owner_name
			FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
			            $8::int[], $9::bigint[], $10::text[], $11::int[], $12::bigint[], $13::bigint[], $14::text[])
			     AS u(id, campaign_id, owner_id, status, list_price, floor_price, current_price, cuts_left, deadline,
			          order_id, version, created_at, updated_at, owner_name)
			ON CONFLICT (id) DO UPDATE
			   SET status = excluded.status, current_price = excluded.current_price, cuts_left = excluded.cuts_left,
			       order_id = excluded.order_id, version = excluded.version, updated_at = excluded.updated_at
			 WHERE bargain_sessions.version < excluded.version
			""";

	private static final String CUTS = """
			INSERT INTO bargain_cuts (session_id, helper_id, name, amount, price_after, created_at)
			SELECT u.session_id::uuid, u.helper_id, u.name, u.amount, u.price_after, to_timestamp(u.at / 1000.0)
			FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
			     AS u(session_id, helper_id, name, amount, price_after, at)
			ON CONFLICT (session_id, helper_id) DO NOTHING
			""";

	@Bean
	OutboxRecords bargainSessionRecords(DatabaseClient db, JsonMapper json) {
		return new OutboxRecords() {

			@Override
			public String field() {
				return "session";
			}

			@Override
			public Mono<Void> upsert(List<String> records) {
				Map<String, Session> latest = new LinkedHashMap<>();
				for (String record : records) {
					Session session = json.readValue(record, Session.class);
					latest.merge(session.id(), session, (a, b) -> (a.version() >= b.version()) ? a : b);
				}
				List<Session> sessions = List.copyOf(latest.values());
				return db.sql(SESSIONS)
					.bind(0, sessions.stream().map(Session::id).toArray(String[]::new))
					.bind(1, sessions.stream().map(Session::campaignId).toArray(Long[]::new))
					.bind(2, sessions.stream().map(Session::ownerId).toArray(String[]::new))
					.bind(3, sessions.stream().map(Session::status).toArray(String[]::new))
					.bind(4, sessions.stream().map(Session::listPrice).toArray(Long[]::new))
					.bind(5, sessions.stream().map(Session::floorPrice).toArray(Long[]::new))
					.bind(6, sessions.stream().map(Session::currentPrice).toArray(Long[]::new))
					.bind(7, sessions.stream().map(Session::cutsLeft).toArray(Integer[]::new))
					.bind(8, sessions.stream().map(Session::deadline).toArray(Long[]::new))
					.bind(9, sessions.stream()
						.map((s) -> (s.orderId() != null) ? s.orderId() : "")
						.toArray(String[]::new))
					.bind(10, sessions.stream().map(Session::version).toArray(Integer[]::new))
					.bind(11, sessions.stream().map(Session::createdAt).toArray(Long[]::new))
					.bind(12, sessions.stream().map(Session::updatedAt).toArray(Long[]::new))
					.bind(13, sessions.stream().map(Session::ownerName).toArray(String[]::new))
					.then();
			}

		};
	}

	@Bean
	OutboxRecords bargainCutRecords(DatabaseClient db, JsonMapper json) {
		return new OutboxRecords() {

			@Override
			public String field() {
				return "cut";
			}

			@Override
			public Mono<Void> upsert(List<String> records) {
				List<JsonNode> cuts = records.stream().map(json::readTree).toList();
				return db.sql(CUTS)
					.bind(0, cuts.stream().map((c) -> c.path("sessionId").asString()).toArray(String[]::new))
					.bind(1, cuts.stream().map((c) -> c.path("helperId").asString()).toArray(String[]::new))
					.bind(2, cuts.stream().map((c) -> c.path("name").asString()).toArray(String[]::new))
					.bind(3, cuts.stream().map((c) -> c.path("amount").asLong()).toArray(Long[]::new))
					.bind(4, cuts.stream().map((c) -> c.path("priceAfter").asLong()).toArray(Long[]::new))
					.bind(5, cuts.stream().map((c) -> c.path("at").asLong()).toArray(Long[]::new))
					.then();
			}

		};
	}

}
