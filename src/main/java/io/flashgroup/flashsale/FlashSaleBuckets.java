package io.flashgroup.flashsale;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.KeyValue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The stock buckets of flash sales split over several hash tags, so one hot sale is
 * served by several Redis shards. Bucket 0 is the sale's own {@code {c:<id>}} keys,
 * bucket k its own {@code {c:<id>.<k>}} ({@link CampaignKeys}); each holds a share of the
 * stock and everything a purchase touches. A shopper's <em>home bucket</em> is
 * {@link #home}: their units held, idempotency keys, orders and pay-by timers live there
 * only, so the per-user limit and idempotency stay exact and each script touches one
 * slot.
 * <p>
 * When home has too little stock, units move to it from the other buckets by a
 * <em>transfer</em> of three idempotent steps ({@link #fallover}): the donor takes up to
 * n units out of its stock and records the transfer id ({@code flash_sale_take.lua}),
 * home credits them once by that id ({@code flash_sale_credit.lua}), the donor forgets
 * it. A crash between the steps leaves units in flight, in no bucket's stock: never
 * oversold, and {@link TransferSweeper} finishes them.
 */
@Component
class FlashSaleBuckets {

	private final FlashSaleScripts scripts;

	/** Sale id to its number of buckets, for sales seen with state; it never changes. */
	private final Map<Long, Integer> counts = new ConcurrentHashMap<>();

	FlashSaleBuckets(FlashSaleScripts scripts) {
		this.scripts = scripts;
	}

	/**
	 * A shopper's home bucket: CRC-32 (IEEE, as {@link CRC32} and zlib compute it) of the
	 * user id's UTF-8 bytes, modulo the number of buckets. Stable across nodes, restarts
	 * and languages.
	 */
	static int home(String userId, int buckets) {
		if (buckets == 1) {
			return 0;
		}
		CRC32 crc = new CRC32();
		crc.update(userId.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % buckets);
	}

	/**
	 * Bucket k's share of the stock: split evenly, the remainder to the first buckets.
	 */
	static int share(int stock, int buckets, int bucket) {
		return stock / buckets + ((bucket < stock % buckets) ? 1 : 0);
	}

	/** Remembers the buckets of a sale this node just created. */
	void created(long id, int buckets) {
		this.counts.put(id, buckets);
	}

	/**
	 * The number of buckets of a sale: once per sale and node from its bucket 0 (1 while
	 * it has no state, without remembering it: the script then answers as for any sale
	 * without state).
	 */
	Mono<Integer> of(long id) {
		Integer known = this.counts.get(id);
		if (known != null) {
			return Mono.just(known);
		}
		return this.scripts.shape(id).map((fields) -> {
			KeyValue<String, String> kind = fields.get(0);
			KeyValue<String, String> buckets = fields.get(1);
			if (!kind.hasValue()) {
				return 1;
			}
			int count = buckets.hasValue() ? Integer.parseInt(buckets.getValue()) : 1;
			this.counts.put(id, count);
			return count;
		});
	}

	/**
	 * Moves up to {@code units} units to {@code home} from the other buckets, the next
	 * ones after home first (so homes spread their demand over different donors), one
	 * transfer per donor until enough arrived; transfers to home that another purchase or
	 * a crash left in flight are finished too, from a donor that has nothing left to
	 * take.
	 * @return units that arrived at home by this call (0 when every other bucket is empty
	 * and nothing was in flight to home: the sale is sold out for this shopper)
	 */
	Mono<Long> fallover(CampaignKeys home, int buckets, long units) {
		List<CampaignKeys> donors = IntStream.range(1, buckets)
			.mapToObj((i) -> home.inBucket((home.bucket() + i) % buckets))
			.toList();
		return Flux.fromIterable(donors)
			.concatMap((donor) -> transfer(donor, home, units))
			.scan(0L, Long::sum)
			.takeUntil((moved) -> moved >= units)
			.last(0L);
	}

	/**
	 * One donor's part: take, then credit home and settle this transfer and any other in
	 * flight from this donor to home.
	 */
	private Mono<Long> transfer(CampaignKeys donor, CampaignKeys home, long units) {
		// Not UUID.randomUUID(): SecureRandom may block an event-loop thread.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
		return this.scripts.take(donor, id, home.bucket(), units).flatMap((reply) -> {
			long taken = ((Number) reply.get(0)).longValue();
			@SuppressWarnings("unchecked")
			List<Object> pending = (List<Object>) reply.get(1);
			// Others' transfers in flight to home are finished only once this donor is
			// empty: before answering sold out, not on every fallover of a rush (each
			// purchase would finish everyone's transfers).
			Flux<String[]> all = (taken > 0) ? Mono.just(new String[] { id, Long.toString(taken) }).flux()
					: Flux.fromIterable(pending).map((p) -> String.valueOf(p).split(":"));
			return all.concatMap((transfer) -> finish(donor, home, transfer[0], Long.parseLong(transfer[1])))
				.reduce(0L, Long::sum);
		});
	}

	/**
	 * Steps 2 and 3 of a transfer: credit home (once by id), then the donor forgets it.
	 * Home without state (Redis lost it) credits nothing and the transfer stays in
	 * flight.
	 * @return the units home holds by this transfer (credited now or before), 0 when it
	 * could not be credited
	 */
	Mono<Long> finish(CampaignKeys donor, CampaignKeys home, String transferId, long units) {
		return this.scripts.credit(home, transferId, units)
			.flatMap((credited) -> (credited < 0) ? Mono.just(0L)
					: this.scripts.settle(donor, transferId).thenReturn(units));
	}

}
