package io.flashgroup.groupbuy;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashgroup.order.OutboxRecords;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Groups in PostgreSQL, written by the outbox flusher like orders: one statement per
 * batch, newest version of each group only, guarded by version so a replay is a no-op.
 * Closed groups are listed from here (indexed by campaign and status) rather than by
 * scanning the campaign's groups in Redis.
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

	private static final String COLUMNS = "id, campaign_id, status, size, leader_id, deadline, virtual_fill, "
			+ "members::text AS members, version, created_at, updated_at";

	private final DatabaseClient db;

	private final JsonMapper json;

	GroupRows(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** Groups of a campaign with a status, most recently changed first. */
	Flux<Group> find(long campaignId, String status, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM groups WHERE campaign_id = $1 AND status = $2 "
					+ "ORDER BY updated_at DESC LIMIT $3")
			.bind(0, campaignId)
			.bind(1, status)
			.bind(2, limit)
			.map(this::group)
			.all();
	}

	/** Every group of a campaign: the record a lost hot state is rebuilt from. */
	Flux<Group> findAll(long campaignId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM groups WHERE campaign_id = $1 ORDER BY created_at, id")
			.bind(0, campaignId)
			.map(this::group)
			.all();
	}

	Mono<Group> findById(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM groups WHERE id = $1").bind(0, id).map(this::group).one();
	}

	private Group group(Readable row) {
		List<Group.Member> members = this.json.readValue(row.get("members", String.class),
				new TypeReference<List<Group.Member>>() {
				});
		return Group.counted(row.get("id", UUID.class).toString(), row.get("campaign_id", Long.class),
				row.get("status", String.class), row.get("size", Integer.class), row.get("leader_id", String.class),
				millis(row.get("deadline", OffsetDateTime.class)), row.get("virtual_fill", Boolean.class), members,
				row.get("version", Integer.class), millis(row.get("created_at", OffsetDateTime.class)),
				millis(row.get("updated_at", OffsetDateTime.class)));
	}

	private static long millis(OffsetDateTime time) {
		return time.toInstant().toEpochMilli();
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
