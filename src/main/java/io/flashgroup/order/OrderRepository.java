package io.flashgroup.order;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Orders in PostgreSQL, the system of record; written only by the outbox flusher. */
@Repository
class OrderRepository {

	/**
	 * One round trip for a whole batch: the rows travel as arrays and are unnested
	 * server-side. The version guard makes a replayed or out-of-order batch a no-op for
	 * rows already newer.
	 */
	private static final String UPSERT = """
			INSERT INTO orders (id, campaign_id, kind, user_id, quantity, unit_price, currency, status, version,
			                    pay_by, payment_ref, idempotency_key, created_at, updated_at, group_id, discount, coupon_id)
			SELECT u.id::uuid, u.campaign_id, u.kind, u.user_id, u.quantity, u.unit_price, u.currency, u.status,
			       u.version, to_timestamp(u.pay_by / 1000.0), NULLIF(u.payment_ref, ''), NULLIF(u.idem, ''),
			       to_timestamp(u.created_at / 1000.0), to_timestamp(u.updated_at / 1000.0),
			       NULLIF(u.group_id, '')::uuid, u.discount, NULLIF(u.coupon_id, '')
			FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[],
			            $8::text[], $9::int[], $10::bigint[], $11::text[], $12::text[], $13::bigint[], $14::bigint[],
			            $15::text[], $16::bigint[], $17::text[])
			     AS u(id, campaign_id, kind, user_id, quantity, unit_price, currency, status, version, pay_by,
			          payment_ref, idem, created_at, updated_at, group_id, discount, coupon_id)
			ON CONFLICT (id) DO UPDATE
			   SET status = excluded.status, version = excluded.version, payment_ref = excluded.payment_ref,
			       updated_at = excluded.updated_at, discount = excluded.discount, coupon_id = excluded.coupon_id
			 WHERE orders.version < excluded.version
			""";

	private static final String COLUMNS = "id, campaign_id, kind, user_id, quantity, unit_price, currency, status, "
			+ "version, pay_by, payment_ref, idempotency_key, created_at, updated_at, group_id, discount, coupon_id";

	private final DatabaseClient db;

	OrderRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Upserts the batch; the orders must have distinct ids. */
	Mono<Long> upsert(List<Order> orders) {
		int n = orders.size();
		String[] ids = new String[n], kinds = new String[n], users = new String[n], currencies = new String[n],
				statuses = new String[n], refs = new String[n], keys = new String[n], groups = new String[n],
				coupons = new String[n];
		Long[] campaigns = new Long[n], prices = new Long[n], payBy = new Long[n], created = new Long[n],
				updated = new Long[n], discounts = new Long[n];
		Integer[] quantities = new Integer[n], versions = new Integer[n];
		for (int i = 0; i < n; i++) {
			Order o = orders.get(i);
			ids[i] = o.id();
			campaigns[i] = o.campaignId();
			kinds[i] = o.kind();
			users[i] = o.userId();
			quantities[i] = o.quantity();
			prices[i] = o.unitPrice();
			currencies[i] = o.currency();
			statuses[i] = o.status().name();
			versions[i] = o.version();
			payBy[i] = o.payBy();
			refs[i] = (o.paymentRef() != null) ? o.paymentRef() : "";
			keys[i] = (o.idempotencyKey() != null) ? o.idempotencyKey() : "";
			created[i] = o.createdAt();
			updated[i] = o.updatedAt();
			groups[i] = (o.groupId() != null) ? o.groupId() : "";
			discounts[i] = o.discount();
			coupons[i] = (o.couponId() != null) ? o.couponId() : "";
		}
		return this.db.sql(UPSERT)
			.bind(0, ids)
			.bind(1, campaigns)
			.bind(2, kinds)
			.bind(3, users)
			.bind(4, quantities)
			.bind(5, prices)
			.bind(6, currencies)
			.bind(7, statuses)
			.bind(8, versions)
			.bind(9, payBy)
			.bind(10, refs)
			.bind(11, keys)
			.bind(12, created)
			.bind(13, updated)
			.bind(14, groups)
			.bind(15, discounts)
			.bind(16, coupons)
			.fetch()
			.rowsUpdated();
	}

	Mono<Order> findById(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM orders WHERE id = $1")
			.bind(0, id)
			.map(OrderRepository::order)
			.one();
	}

	/**
	 * Every order of a campaign, oldest first: the record a lost hot state is rebuilt
	 * from.
	 */
	Flux<Order> findByCampaign(long campaignId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM orders WHERE campaign_id = $1 ORDER BY created_at, id")
			.bind(0, campaignId)
			.map(OrderRepository::order)
			.all();
	}

	Flux<Order> findByUser(String userId, int limit) {
		return this.db.sql("SELECT " + COLUMNS + " FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2")
			.bind(0, userId)
			.bind(1, limit)
			.map(OrderRepository::order)
			.all();
	}

	private static Order order(Readable row) {
		return new Order(row.get("id", UUID.class).toString(), row.get("campaign_id", Long.class),
				row.get("kind", String.class), row.get("user_id", String.class), row.get("quantity", Integer.class),
				row.get("unit_price", Long.class), row.get("currency", String.class),
				OrderStatus.valueOf(row.get("status", String.class)), row.get("version", Integer.class),
				millis(row.get("created_at", OffsetDateTime.class)),
				millis(row.get("updated_at", OffsetDateTime.class)), millis(row.get("pay_by", OffsetDateTime.class)),
				row.get("idempotency_key", String.class), row.get("payment_ref", String.class),
				groupId(row.get("group_id", UUID.class)), row.get("discount", Long.class),
				row.get("coupon_id", String.class));
	}

	private static @Nullable String groupId(@Nullable UUID id) {
		return (id != null) ? id.toString() : null;
	}

	private static long millis(OffsetDateTime time) {
		return (time != null) ? time.toInstant().toEpochMilli() : Instant.EPOCH.toEpochMilli();
	}

}
