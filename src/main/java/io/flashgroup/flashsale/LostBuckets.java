package io.flashgroup.flashsale;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderLedger;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The stock of a bucket of a split sale that Redis lost, for its rebuild from PostgreSQL.
 * Every unit of the sale is, at any instant, in one bucket's {@code stock} (sold or not)
 * or in flight between two buckets. While a bucket has no state nothing moves into or out
 * of it (a take or a credit there finds no state), so what the buckets that survived hold
 * plus what their transfers have in flight is fixed, and the lost buckets held the rest:
 * {@code total - Σ surviving stock - in flight}. Each lost bucket gets back what its
 * recorded orders hold plus an even share of what none of them holds.
 * <p>
 * The surviving buckets sit in other slots, so they are read twice, and only two equal
 * reads count: a transfer step in between changes a stock or a transfer record for good,
 * so equal reads saw every bucket as it was at the instant between them (a "double
 * collect"). A transfer in flight from a surviving donor is counted unless its home
 * survived and was credited already; one in flight to a lost home is credited by the
 * sweeper once that home is back, which is why its units are not given to the rebuild.
 * The records of transfers a lost donor had in flight are gone: their units come back to
 * the lost buckets. Nothing is oversold; a unit can only be undersold when PostgreSQL
 * misses orders Redis had accepted (lost with it).
 */
@Component
class LostBuckets {

	/** Reads of the surviving buckets before a rebuild gives up until the next check. */
	private static final int ATTEMPTS = 5;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final OrderLedger ledger;

	LostBuckets(RedisClusterReactiveCommands<String, String> redis, OrderLedger ledger) {
		this.redis = redis;
		this.ledger = ledger;
	}

	/**
	 * The stock field of lost bucket {@code bucket}, whose recorded orders hold
	 * {@code held} units.
	 * @param total the sale's whole stock
	 */
	Mono<Long> stockOf(CampaignKeys bucket, long total, long held) {
		CampaignKeys sale = bucket.inBucket(0);
		return Flux.range(0, sale.buckets())
			.map(sale::inBucket)
			.concatMap((keys) -> this.redis.exists(keys.state()).map((n) -> (n == 0) ? keys.bucket() : -1))
			.filter((lost) -> lost >= 0)
			.collectList()
			.zipWith(this.ledger.heldUnitsByBucket(sale))
			.flatMap((found) -> {
				List<Integer> lost = found.getT1();
				if (!lost.contains(bucket.bucket())) {
					return Mono.error(new IllegalStateException(bucket + " has state: not lost"));
				}
				Map<Integer, Long> recorded = found.getT2();
				List<CampaignKeys> surviving = IntStream.range(0, sale.buckets())
					.filter((k) -> !lost.contains(k))
					.mapToObj(sale::inBucket)
					.toList();
				return snapshot(surviving, ATTEMPTS).map((survivors) -> {
					long free = total - survivors
							- lost.stream()
								.filter((k) -> k != bucket.bucket())
								.mapToLong((k) -> recorded.getOrDefault(k, 0L))
								.sum()
							- held;
					long share = Math.max(0, free) / lost.size()
							+ ((lost.indexOf(bucket.bucket()) < Math.max(0, free) % lost.size()) ? 1 : 0);
					return held + share;
				});
			});
	}

	/**
	 * {@link #held} by two equal reads of the surviving buckets, or an error after
	 * {@code attempts}.
	 */
	private Mono<Long> snapshot(List<CampaignKeys> surviving, int attempts) {
		return read(surviving).zipWith(read(surviving)).flatMap((reads) -> {
			if (reads.getT1().equals(reads.getT2())) {
				return Mono.just(held(reads.getT1()));
			}
			return (attempts > 1) ? snapshot(surviving, attempts - 1)
					: Mono.error(new IllegalStateException("Stock kept moving between the surviving buckets of "
							+ surviving.get(0).campaignId() + "; retried at the next check"));
		});
	}

	private Mono<List<BucketRead>> read(List<CampaignKeys> surviving) {
		return Flux.fromIterable(surviving)
			.concatMap((keys) -> Mono
				.zip(this.redis.hget(keys.state(), "stock").map(Long::parseLong).defaultIfEmpty(0L),
						this.redis.hgetall(keys.transfers()).collectMap(KeyValue::getKey, KeyValue::getValue),
						this.redis.hkeys(keys.credits()).collect(Collectors.toSet()))
				.map((t) -> new BucketRead(keys.bucket(), t.getT1(), t.getT2(), t.getT3())))
			.collectList();
	}

	/**
	 * One surviving bucket as read.
	 *
	 * @param transfers its transfers in flight, id to {@code <home>:<units>:<at ms>}
	 * @param credits the ids of the transfers it was credited
	 */
	private record BucketRead(int bucket, long stock, Map<String, String> transfers, Set<String> credits) {
	}

	/**
	 * Units in the surviving buckets' stock or in flight from them (a transfer already
	 * credited to a surviving home is counted there).
	 */
	private static long held(List<BucketRead> reads) {
		Map<Integer, BucketRead> byBucket = new HashMap<>();
		reads.forEach((read) -> byBucket.put(read.bucket(), read));
		long held = 0;
		for (BucketRead read : reads) {
			held += read.stock();
			for (Map.Entry<String, String> transfer : read.transfers().entrySet()) {
				String[] record = transfer.getValue().split(":");
				BucketRead home = byBucket.get(Integer.parseInt(record[0]));
				if (home == null || !home.credits().contains(transfer.getKey())) {
					held += Long.parseLong(record[1]);
				}
			}
		}
		return held;
	}

}
