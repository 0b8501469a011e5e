package io.flashgroup.groupbuy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.order.OutboxRecords;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Groups in PostgreSQL, written by the outbox flusher like orders: one statement per
 * batch, newest version of each group only, guarded by version so a replay is a no-op.
 */
@Component
class GroupRows implements OutboxRecords {

	private static final String UPSERT = """
			INSERT INTO groups (id, campaign_id, status, size, leader_id, deadline, virtual_fill, members, version,
			                    created_at, updated_at)
			SELECT u.id::uuid, u.campaign_id, u.status, u.size, u.leader_id, to_timestamp(u.deadline / 1000.0),
			       u.virtual_fill, u.members::jsonb, u.version, to_timestamp(u.created_at / 1000.0),
			       to_timestamp(u.updated_at / 1000.0)
			FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::boolean[],
			            $8::text[], $9::int[], $10::bigint[], $11::bigint[])
			     AS u(id, campaign_id, status, size, leader_id, deadline, virtual_fill, members, version, created_at,
			          updated_at)
			ON CONFLICT (id) DO UPDATE
			   SET status = excluded.status, leader_id = excluded.leader_id, virtual_fill = excluded.virtual_fill,
			       members = excluded.members, version = excluded.version, updated_at = excluded.updated_at
			 WHERE groups.version < excluded.version
			""";

	private final DatabaseClient db;

	private final JsonMapper json;

	GroupRows(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	@Override
	public String field() {
		return "group";
	}

	@Override
	public Mono<Void> upsert(List<String> records) {
		Map<String, Group> latest = new LinkedHashMap<>();
		for (String record : records) {
			Group group = this.json.readValue(record, Group.class);
			latest.merge(group.id(), group, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		int n = latest.size();
		String[] ids = new String[n], statuses = new String[n], leaders = new String[n], members = new String[n];
		Long[] campaigns = new Long[n], deadlines = new Long[n], created = new Long[n], updated = new Long[n];
		Integer[] sizes = new Integer[n], versions = new Integer[n];
		Boolean[] virtual = new Boolean[n];
		int i = 0;
		for (Group g : latest.values()) {
			ids[i] = g.id();
			campaigns[i] = g.campaignId();
			statuses[i] = g.status();
			sizes[i] = g.size();
			leaders[i] = g.leaderId();
			deadlines[i] = g.deadline();
			virtual[i] = Boolean.TRUE.equals(g.virtualFill());
			members[i] = this.json.writeValueAsString(g.members());
			versions[i] = g.version();
			created[i] = g.createdAt();
			updated[i] = g.updatedAt();
			i++;
		}
		return this.db.sql(UPSERT)
			.bind(0, ids)
			.bind(1, campaigns)
			.bind(2, statuses)
			.bind(3, sizes)
			.bind(4, leaders)
			.bind(5, deadlines)
			.bind(6, virtual)
			.bind(7, members)
			.bind(8, versions)
			.bind(9, created)
			.bind(10, updated)
			.then();
	}

}
