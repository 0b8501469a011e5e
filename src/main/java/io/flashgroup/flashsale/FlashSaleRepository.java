package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.flashgroup.shared.Money;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Flash sales in PostgreSQL, written synchronously on create and cancel. */
@Repository
class FlashSaleRepository {

	static final String KIND = "FLASH_SALE";

	private static final String COLUMNS = "id, seller_id, sku, title, image_url, price, currency, stock, "
			+ "per_user_limit, starts_at, ends_at, pay_window_ms, cancelled_at";

	private final DatabaseClient db;

	FlashSaleRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<FlashSale> insert(String sellerId, CreateFlashSale sale) {
		return this.db.sql("""
				INSERT INTO campaigns (kind, seller_id, sku, title, image_url, price, currency, stock, per_user_limit,
				                       starts_at, ends_at, pay_window_ms)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
				RETURNING\s""" + COLUMNS)
			.bind(0, KIND)
			.bind(1, sellerId)
			.bind(2, sale.sku())
			.bind(3, sale.title())
			.bind(4, (sale.imageUrl() != null) ? sale.imageUrl() : "")
			.bind(5, sale.price())
			.bind(6, sale.currency())
			.bind(7, sale.stock())
			.bind(8, sale.effectivePerUserLimit())
			.bind(9, sale.startsAt().atOffset(ZoneOffset.UTC))
			.bind(10, sale.endsAt().atOffset(ZoneOffset.UTC))
			.bind(11, sale.effectivePayWindow().toMillis())
			.map(FlashSaleRepository::flashSale)
			.one();
	}

	Mono<FlashSale> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1 AND kind = $2")
			.bind(0, id)
			.bind(1, KIND)
			.map(FlashSaleRepository::flashSale)
			.one();
	}

	/** Sales not ended before {@code since}, soonest first. */
	Flux<FlashSale> findNotEndedSince(Instant since, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM campaigns WHERE kind = $1 AND ends_at > $2 AND cancelled_at IS NULL "
					+ "ORDER BY starts_at, id LIMIT $3")
			.bind(0, KIND)
			.bind(1, since.atOffset(ZoneOffset.UTC))
			.bind(2, limit)
			.map(FlashSaleRepository::flashSale)
			.all();
	}

	Mono<Void> markCancelled(long id, Instant at) {
		return this.db.sql("UPDATE campaigns SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL")
			.bind(0, id)
			.bind(1, at.atOffset(ZoneOffset.UTC))
			.then();
	}

	private static FlashSale flashSale(Readable row) {
		String image = row.get("image_url", String.class);
		OffsetDateTime cancelled = row.get("cancelled_at", OffsetDateTime.class);
		return new FlashSale(row.get("id", Long.class), row.get("seller_id", String.class),
				row.get("sku", String.class), row.get("title", String.class),
				(image == null || image.isEmpty()) ? null : image,
				new Money(row.get("price", Long.class), row.get("currency", String.class)),
				row.get("stock", Integer.class), row.get("per_user_limit", Integer.class),
				row.get("starts_at", OffsetDateTime.class).toInstant(),
				row.get("ends_at", OffsetDateTime.class).toInstant(),
				Duration.ofMillis(row.get("pay_window_ms", Long.class)),
				(cancelled != null) ? cancelled.toInstant() : null);
	}

}
