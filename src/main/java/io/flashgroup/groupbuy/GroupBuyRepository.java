package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Parameters;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Group-buy campaigns in PostgreSQL, written synchronously on create and cancel. */
@Repository
class GroupBuyRepository {

	static final String KIND = "GROUP_BUY";

	private static final String COLUMNS = "id, seller_id, sku, title, image_url, price, leader_price, solo_price, "
			+ "currency, group_size, group_ttl_ms, stock, per_user_limit, starts_at, ends_at, pay_window_ms, "
			+ "min_real_members, cancelled_at";

	private final DatabaseClient db;

	GroupBuyRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<GroupBuy> insert(String sellerId, CreateGroupBuy request) {
		return this.db
			.sql("""
					INSERT INTO campaigns (kind, seller_id, sku, title, image_url, price, leader_price, solo_price, currency,
					                       group_size, group_ttl_ms, stock, per_user_limit, starts_at, ends_at,
					                       pay_window_ms, min_real_members)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
					RETURNING\s"""
					+ COLUMNS)
			.bind(0, KIND)
			.bind(1, sellerId)
			.bind(2, request.sku())
			.bind(3, request.title())
			.bind(4, (request.imageUrl() != null) ? request.imageUrl() : "")
			.bind(5, request.groupPrice())
			.bind(6, (request.leaderPrice() != null) ? request.leaderPrice() : Parameters.in(Long.class))
			.bind(7, (request.soloPrice() != null) ? request.soloPrice() : Parameters.in(Long.class))
			.bind(8, request.currency())
			.bind(9, request.groupSize())
			.bind(10, request.groupTtl().toMillis())
			.bind(11, request.stock())
			.bind(12, request.effectivePerUserLimit())
			.bind(13, request.startsAt().atOffset(java.time.ZoneOffset.UTC))
			.bind(14, request.endsAt().atOffset(java.time.ZoneOffset.UTC))
			.bind(15, request.effectivePayWindow().toMillis())
			.bind(16, (request.minRealMembers() > 0) ? request.minRealMembers() : Parameters.in(Integer.class))
			.map(GroupBuyRepository::groupBuy)
			.one();
	}

	Mono<GroupBuy> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1 AND kind = $2")
			.bind(0, id)
			.bind(1, KIND)
			.map(GroupBuyRepository::groupBuy)
			.one();
	}

	Mono<Long> markCancelled(long id, Instant at) {
		return this.db.sql("UPDATE campaigns SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL")
			.bind(0, id)
			.bind(1, at.atOffset(java.time.ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
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

	private static GroupBuy groupBuy(Readable row) {
		String image = row.get("image_url", String.class);
		Integer minReal = row.get("min_real_members", Integer.class);
		return new GroupBuy(row.get("id", Long.class), row.get("seller_id", String.class), row.get("sku", String.class),
				row.get("title", String.class), (image == null || image.isEmpty()) ? null : image,
				row.get("currency", String.class), row.get("price", Long.class), row.get("leader_price", Long.class),
				row.get("solo_price", Long.class), row.get("group_size", Integer.class),
				Duration.ofMillis(row.get("group_ttl_ms", Long.class)), row.get("stock", Integer.class),
				row.get("per_user_limit", Integer.class), row.get("starts_at", OffsetDateTime.class).toInstant(),
				row.get("ends_at", OffsetDateTime.class).toInstant(),
				Duration.ofMillis(row.get("pay_window_ms", Long.class)), (minReal != null) ? minReal : 0,
				row.get("cancelled_at", OffsetDateTime.class) != null);
	}

}
