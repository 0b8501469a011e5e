package io.flashgroup.bench;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The obvious alternative to the Redis design, for comparison only: stock is a PostgreSQL
 * row, a purchase is {@code UPDATE ... WHERE stock >= n} plus an order insert in one
 * transaction, so every buyer of a sale queues on the same row lock. Also the flusher's
 * ceiling: plain multi-row inserts of a campaign's orders into a copy of the orders
 * table. The tables are created on first use and are not part of the schema.
 */
@Component
@ConditionalOnBooleanProperty("flashgroup.bench.enabled")
class NaivePostgresSales {

	private static final String COLUMNS = "id, campaign_id, kind, user_id, quantity, unit_price, currency, status, "
			+ "version, pay_by, payment_ref, idempotency_key, created_at, updated_at";

	private static final Class<?>[] TYPES = { UUID.class, Long.class, String.class, String.class, Integer.class,
			Long.class, String.class, String.class, Integer.class, OffsetDateTime.class, String.class, String.class,
			OffsetDateTime.class, OffsetDateTime.class };

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Mono<Void> schema;

	NaivePostgresSales(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
		this.schema = Flux.concat(
				statement("CREATE TABLE IF NOT EXISTS bench_stock (id BIGSERIAL PRIMARY KEY, stock INT NOT NULL)"),
				statement(
						"""
								CREATE TABLE IF NOT EXISTS bench_orders (id UUID PRIMARY KEY, sale_id BIGINT NOT NULL,
								    user_id TEXT NOT NULL, quantity INT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())"""),
				statement("CREATE TABLE IF NOT EXISTS bench_orders_copy (LIKE orders INCLUDING ALL)"))
			.then()
			.cache();
	}

	private Mono<Void> statement(String sql) {
		return this.db.sql(sql).then();
	}

	Mono<Long> create(int stock) {
		return this.schema.then(this.db.sql("INSERT INTO bench_stock (stock) VALUES ($1) RETURNING id")
			.bind(0, stock)
			.map((row) -> row.get("id", Long.class))
			.one());
	}

	/** The order id, or empty when sold out. */
	Mono<String> purchase(long saleId, String userId, int quantity) {
		// UUID.randomUUID() would read /dev/urandom on the event loop (BlockHound says
		// so).
		ThreadLocalRandom random = ThreadLocalRandom.current();
		UUID orderId = new UUID(random.nextLong(), random.nextLong());
		Mono<String> purchase = this.db.sql("UPDATE bench_stock SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
			.bind(0, saleId)
			.bind(1, quantity)
			.fetch()
			.rowsUpdated()
			.filter((updated) -> updated == 1)
			.flatMap((updated) -> this.db
				.sql("INSERT INTO bench_orders (id, sale_id, user_id, quantity) VALUES ($1, $2, $3, $4)")
				.bind(0, orderId)
				.bind(1, saleId)
				.bind(2, userId)
				.bind(3, quantity)
				.then()
				.thenReturn(orderId.toString()));
		return this.tx.transactional(purchase);
	}

	/**
	 * Copies a campaign's orders into {@code bench_orders_copy} with plain multi-row
	 * inserts of {@code batch} rows, one after the other, and times only the inserts.
	 */
	Mono<Map<String, Object>> copyOrders(long campaignId, int batch) {
		Mono<List<Object[]>> rows = this.db.sql("SELECT " + COLUMNS + " FROM orders WHERE campaign_id = $1")
			.bind(0, campaignId)
			.map(NaivePostgresSales::values)
			.all()
			.collectList();
		return this.schema.then(statement("TRUNCATE bench_orders_copy")).then(rows).flatMap((all) -> {
			long started = System.nanoTime();
			List<List<Object[]>> batches = new ArrayList<>();
			for (int i = 0; i < all.size(); i += batch) {
				batches.add(all.subList(i, Math.min(all.size(), i + batch)));
			}
			return Flux.fromIterable(batches).concatMap(this::insert, 1).then(Mono.fromSupplier(() -> {
				double millis = (System.nanoTime() - started) / 1e6;
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("rows", all.size());
				result.put("batch", batch);
				result.put("millis", millis);
				result.put("rowsPerSecond", (millis > 0) ? all.size() * 1000.0 / millis : 0);
				return result;
			}));
		});
	}

	private Mono<Void> insert(List<Object[]> rows) {
		StringBuilder sql = new StringBuilder("INSERT INTO bench_orders_copy (" + COLUMNS + ") VALUES ");
		int parameter = 1;
		for (int r = 0; r < rows.size(); r++) {
			sql.append((r > 0) ? ",(" : "(");
			for (int c = 0; c < TYPES.length; c++) {
				sql.append((c > 0) ? ",$" : "$").append(parameter++);
			}
			sql.append(')');
		}
		// One bindValues call: binding 7,000 values one by one copies the bindings each
		// time.
		List<Object> values = new ArrayList<>(rows.size() * TYPES.length);
		for (Object[] row : rows) {
			for (int c = 0; c < TYPES.length; c++) {
				values.add((row[c] != null) ? row[c] : Parameters.in(TYPES[c]));
			}
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString()).bindValues(values);
		return spec.then();
	}

	private static Object[] values(Readable row) {
		Object[] values = new Object[TYPES.length];
		for (int c = 0; c < TYPES.length; c++) {
			values[c] = row.get(c, TYPES[c]);
		}
		return values;
	}

}
