package io.flashgroup.order;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Counts a campaign's orders by status on both sides of the outbox: the hot copy in Redis
 * and the system of record in PostgreSQL. The Redis side is read with {@code HSCAN} in
 * pages, so auditing a large campaign never blocks Redis for the other shoppers.
 */
@Component
public class OrderLedger {

	private static final int PAGE = 1_000;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final DatabaseClient db;

	private final OrderCodec codec;

	OrderLedger(RedisClusterReactiveCommands<String, String> redis, DatabaseClient db, OrderCodec codec) {
		this.redis = redis;
		this.db = db;
		this.codec = codec;
	}

	/** Orders and units by status as Redis holds them. */
	public Mono<Map<OrderStatus, Tally>> inRedis(long campaignId) {
		return inRedis(new CampaignKeys(campaignId));
	}

	/** Orders and units by status as one bucket of a campaign holds them in Redis. */
	public Mono<Map<OrderStatus, Tally>> inRedis(CampaignKeys keys) {
		String key = keys.orders();
		return ScanStream.hscan(this.redis, key, ScanArgs.Builder.limit(PAGE))
			.distinct(KeyValue::getKey) // HSCAN may return an entry twice while the hash
										// rehashes
			.map(KeyValue::getValue)
			.map(this.codec::read)
			.reduce(new EnumMap<OrderStatus, Tally>(OrderStatus.class), (tallies, order) -> {
				tallies.merge(order.status(), new Tally(1, order.quantity()), Tally::plus);
				return tallies;
			});
	}

	/** Orders and units by status as PostgreSQL holds them. */
	public Mono<Map<OrderStatus, Tally>> inPostgres(long campaignId) {
		return this.db
			.sql("SELECT status, count(*) AS orders, coalesce(sum(quantity), 0) AS units FROM orders "
					+ "WHERE campaign_id = $1 GROUP BY status")
			.bind(0, campaignId)
			.map((row) -> Map.entry(OrderStatus.valueOf(row.get("status", String.class)),
					new Tally(row.get("orders", Long.class), row.get("units", Long.class))))
			.all()
			.reduce(new EnumMap<OrderStatus, Tally>(OrderStatus.class), (tallies, entry) -> {
				tallies.put(entry.getKey(), entry.getValue());
				return tallies;
			});
	}

	/**
	 * Units each bucket of a split sale holds by the orders PostgreSQL records (reserved,
	 * paid or settled), bucket to units, buckets without any absent; one aggregate, the
	 * bucket read from the order id as {@link OrderId#keys()} routes it (an id naming
	 * another split, or a bucket past it, lives in bucket 0).
	 * @param sale any bucket's keys of the sale, for its id and number of buckets
	 */
	public Mono<Map<Integer, Long>> heldUnitsByBucket(CampaignKeys sale) {
		return this.db.sql("""
				SELECT CASE WHEN (get_byte(uuid_send(id), 6) & 15) + 1 = $2 AND (get_byte(uuid_send(id), 7) & 15) < $2
				            THEN get_byte(uuid_send(id), 7) & 15 ELSE 0 END AS bucket,
				       status, coalesce(sum(quantity), 0) AS units
				FROM orders WHERE campaign_id = $1 GROUP BY 1, 2""")
			.bind(0, sale.campaignId())
			.bind(1, sale.buckets())
			.map((row) -> new Object[] { row.get("bucket", Integer.class),
					OrderStatus.valueOf(row.get("status", String.class)), row.get("units", Long.class) })
			.all()
			.filter((row) -> ((OrderStatus) row[1]).holdsStock())
			.<Map<Integer, Long>>collect(HashMap::new,
					(held, row) -> held.merge((Integer) row[0], (Long) row[2], Long::sum));
	}

	/**
	 * Units that still hold stock as PostgreSQL records them: what Redis counts as sold,
	 * so a retired campaign reads as it did while hot.
	 */
	public Mono<Long> heldUnitsInPostgres(long campaignId) {
		return inPostgres(campaignId).map(OrderLedger::heldUnits);
	}

	/**
	 * Units that still hold stock: reserved, paid or settled.
	 * @param tallies orders by status
	 * @return the units
	 */
	public static long heldUnits(Map<OrderStatus, Tally> tallies) {
		return tallies.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().holdsStock())
			.mapToLong((entry) -> entry.getValue().units())
			.sum();
	}

	/**
	 * Orders of one status.
	 *
	 * @param orders how many orders
	 * @param units the units they hold
	 */
	public record Tally(long orders, long units) {

		public static final Tally NONE = new Tally(0, 0);

		public Tally plus(Tally other) {
			return new Tally(this.orders + other.orders, this.units + other.units);
		}

	}

}
