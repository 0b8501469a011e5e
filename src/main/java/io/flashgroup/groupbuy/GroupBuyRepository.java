package io.flashgroup.groupbuy;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** What PostgreSQL records of a group buy's groups and orders, counted. */
@Repository
class GroupBuyRepository {

	private final DatabaseClient db;

	GroupBuyRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * A campaign's counters as the record has them, meaning what the Redis counters mean:
	 * units held by reserved, paid or settled orders are sold (an expiry, a release or a
	 * refund gives them back), groups counted by status.
	 */
	Mono<Tally> tally(long id) {
		return this.db.sql("""
				SELECT o.sold, g.open, g.succeeded, g.failed
				FROM (SELECT coalesce(sum(quantity) FILTER (WHERE status IN ('RESERVED', 'PAID', 'SETTLED')), 0) AS sold
				      FROM orders WHERE campaign_id = $1) o,
				     (SELECT count(*) FILTER (WHERE status = 'OPEN') AS open,
				             count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
				             count(*) FILTER (WHERE status = 'FAILED') AS failed
				      FROM groups WHERE campaign_id = $1) g
				""")
			.bind(0, id)
			.map((row) -> new Tally(row.get("sold", Long.class), row.get("open", Long.class),
					row.get("succeeded", Long.class), row.get("failed", Long.class)))
			.one();
	}

	/** Units sold, groups open, succeeded and failed. */
	record Tally(long sold, long openGroups, long succeededGroups, long failedGroups) {
	}

}
