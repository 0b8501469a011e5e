package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Bargain campaigns in PostgreSQL, written synchronously on create and cancel. */
@Repository
class BargainRepository {

	private static final String COLUMNS = "id, seller_id, sku, title, image_url, price, floor_price, currency, "
			+ "helpers_needed, session_ttl_ms, stock, per_user_limit, helps_per_helper_per_day, starts_at, ends_at, "
			+ "pay_window_ms, cancelled_at";

	private final DatabaseClient db;

	BargainRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Bargain> insert(String sellerId, CreateBargain request) {
		return this.db.sql("""
				INSERT INTO campaigns (kind, seller_id, sku, title, image_url, price, floor_price, currency,
				                       helpers_needed, session_ttl_ms, stock, per_user_limit, helps_per_helper_per_day,
				                       starts_at, ends_at, pay_window_ms)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
				RETURNING\s""" + COLUMNS)
			.bind(0, Bargain.KIND)
			.bind(1, sellerId)
			.bind(2, request.sku())
			.bind(3, request.title())
			.bind(4, (request.imageUrl() != null) ? request.imageUrl() : "")
			.bind(5, request.listPrice())
			.bind(6, request.floorPrice())
			.bind(7, request.currency())
			.bind(8, request.helpersNeeded())
			.bind(9, request.sessionTtl().toMillis())
			.bind(10, request.stock())
			.bind(11, request.effectivePerUserLimit())
			.bind(12, request.effectiveHelpsPerHelperPerDay())
			.bind(13, request.startsAt().atOffset(ZoneOffset.UTC))
			.bind(14, request.endsAt().atOffset(ZoneOffset.UTC))
			.bind(15, request.effectivePayWindow().toMillis())
			.map(BargainRepository::bargain)
			.one();
	}

	Mono<Bargain> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1 AND kind = $2")
			.bind(0, id)
			.bind(1, Bargain.KIND)
			.map(BargainRepository::bargain)
			.one();
	}

	/** Sessions recorded as still taking cuts or purchases. */
	Mono<Long> openSessions(long id) {
		return this.db
			.sql("SELECT count(*) AS open FROM bargain_sessions WHERE campaign_id = $1 "
					+ "AND status IN ('OPEN', 'COMPLETED')")
			.bind(0, id)
			.map((row) -> row.get("open", Long.class))
			.one();
	}

	Mono<Long> markCancelled(long id, Instant at) {
		return this.db.sql("UPDATE campaigns SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL")
			.bind(0, id)
			.bind(1, at.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

	private static Bargain bargain(Readable row) {
		String image = row.get("image_url", String.class);
		return new Bargain(row.get("id", Long.class), row.get("seller_id", String.class), row.get("sku", String.class),
				row.get("title", String.class), (image == null || image.isEmpty()) ? null : image,
				row.get("currency", String.class), row.get("price", Long.class), row.get("floor_price", Long.class),
				row.get("helpers_needed", Integer.class), Duration.ofMillis(row.get("session_ttl_ms", Long.class)),
				row.get("stock", Integer.class), row.get("per_user_limit", Integer.class),
				row.get("helps_per_helper_per_day", Integer.class),
				row.get("starts_at", OffsetDateTime.class).toInstant(),
				row.get("ends_at", OffsetDateTime.class).toInstant(),
				Duration.ofMillis(row.get("pay_window_ms", Long.class)),
				row.get("cancelled_at", OffsetDateTime.class) != null);
	}

}
