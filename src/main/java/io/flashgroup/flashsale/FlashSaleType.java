package io.flashgroup.flashsale;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.HotState;
import io.flashgroup.campaign.KindColumns;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveSource;
import io.flashgroup.live.LocalWrites;
import io.flashgroup.order.CampaignPayments;
import io.flashgroup.order.Order;
import io.flashgroup.order.OrderId;
import io.flashgroup.order.OrderLedger;
import io.flashgroup.order.Payment;
import io.lettuce.core.cluster.SlotHash;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Flash sales as a kind of campaign: no terms beyond the shared ones but the number of
 * stock buckets, one live topic ({@code flash-sale:<id>}), payment by
 * {@code order_pay.lua}. A sale split into buckets ({@link FlashSaleBuckets}) creates,
 * cancels and applies timers on every bucket, and pays an order on the bucket its id
 * names.
 */
@Component
public class FlashSaleType
		implements CampaignType<CreateFlashSale, FlashSale, FlashSaleView>, LiveSource, CampaignPayments {

	private static final Logger log = LoggerFactory.getLogger(FlashSaleType.class);

	static final CampaignKind KIND = new CampaignKind("FLASH_SALE", "Flash sale", "flash-sale");

	private final FlashSaleScripts scripts;

	private final FlashSaleBuckets buckets;

	private final BucketReports reports;

	private final ActiveCampaigns active;

	private final Campaigns campaigns;

	private final OrderLedger ledger;

	private final JsonMapper json;

	private final LocalWrites writes;

	private final LostBuckets lostBuckets;

	FlashSaleType(FlashSaleScripts scripts, FlashSaleBuckets buckets, BucketReports reports, ActiveCampaigns active,
			Campaigns campaigns, OrderLedger ledger, JsonMapper json, LocalWrites writes, LostBuckets lostBuckets) {
		this.scripts = scripts;
		this.buckets = buckets;
		this.reports = reports;
		this.active = active;
		this.campaigns = campaigns;
		this.ledger = ledger;
		this.json = json;
		this.writes = writes;
		this.lostBuckets = lostBuckets;
	}

	@Override
	public CampaignKind kind() {
		return KIND;
	}

	@Override
	public LifecycleScripts lifecycle() {
		return this.scripts.lifecycle();
	}

	@Override
	public List<String> columns() {
		return List.of("buckets");
	}

	@Override
	public KindColumns columns(CreateFlashSale request) {
		return new KindColumns().put("buckets", (short) request.bucketCount());
	}

	@Override
	public Map<String, Object> stateFields(FlashSale sale) {
		return Map.of("price", sale.campaign().terms().price().minor());
	}

	@Override
	public FlashSale definition(Campaign campaign, Readable row) {
		Number buckets = row.get("buckets", Number.class);
		return new FlashSale(campaign, (buckets != null) ? buckets.intValue() : 1);
	}

	/**
	 * Bucket k gets its share of the stock ({@link FlashSaleBuckets#share}) and its
	 * number; bucket 0 also the number of buckets and the whole stock, which its summed
	 * view shows. Buckets {@code >= 1} join the active set so their outboxes flush.
	 */
	@Override
	public Mono<?> createHotState(FlashSale sale) {
		if (sale.buckets() == 1) {
			return CampaignType.super.createHotState(sale);
		}
		CampaignKeys keys = sale.campaign().id().keys().split(sale.buckets());
		return Flux.range(0, sale.buckets())
			.concatMap((k) -> lifecycle().create(sale.campaign(), keys.inBucket(k), bucketFields(sale, k))
				.then((k > 0) ? this.active.add(keys.inBucket(k)) : Mono.<Void>empty()))
			.then(Mono.fromRunnable(() -> created(sale)));
	}

	/**
	 * Where the buckets landed: each in its own K-th of the slot space (see
	 * {@link CampaignKeys#tag}), so on different masters of a cluster whose slots are
	 * split evenly; ops can check the slots against their layout.
	 */
	private void created(FlashSale sale) {
		this.buckets.created(sale.id(), sale.buckets());
		CampaignKeys keys = sale.campaign().id().keys().split(sale.buckets());
		log.info("Flash sale {} is split into {} stock buckets on hash slots {}", sale.id(), sale.buckets(),
				IntStream.range(0, sale.buckets())
					.mapToObj((k) -> SlotHash.getSlot(keys.inBucket(k).state()))
					.toList());
	}

	private Map<String, Object> bucketFields(FlashSale sale, int bucket) {
		Map<String, Object> fields = new LinkedHashMap<>(stateFields(sale));
		fields.put("stock", FlashSaleBuckets.share(sale.stock(), sale.buckets(), bucket));
		fields.put("bucket", bucket);
		if (bucket == 0) {
			fields.put("buckets", sale.buckets());
			fields.put("totalStock", sale.stock());
		}
		return fields;
	}

	/**
	 * Bucket 0 first, so the sale's live state says CANCELLED at once; the other buckets
	 * follow (a purchase on one of them in between still succeeds, as one that came a
	 * moment earlier would).
	 */
	@Override
	public Mono<?> cancelHotState(CampaignId id) {
		return this.buckets.of(id.value())
			.flatMap((count) -> lifecycle().cancel(id.keys())
				.flatMap((reply) -> Flux.range(1, count - 1)
					.map(id.keys().split(count)::inBucket)
					.concatMap((bucket) -> lifecycle().cancel(bucket).doOnSuccess((r) -> this.reports.changed(bucket)))
					.then(Mono.just(reply))));
	}

	/** Every bucket's due timers; the reply sums them (lag: the worst). */
	@Override
	public Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
		return this.buckets.of(keys.campaignId())
			.flatMap((count) -> (count == 1) ? lifecycle().applyTimers(keys, max)
					: Flux.range(0, count)
						.map(keys.split(count)::inBucket)
						.concatMap((bucket) -> applyTimersOf(bucket, max))
						.reduce(List.<Object>of(0L, 0L),
								(a, b) -> List.of(number(a, 0) + number(b, 0), Math.max(number(a, 1), number(b, 1)))));
	}

	private Mono<List<Object>> applyTimersOf(CampaignKeys bucket, int max) {
		return lifecycle().applyTimers(bucket, max).doOnNext((reply) -> {
			if (number(reply, 0) > 0) {
				this.reports.changed(bucket);
			}
		});
	}

	private static long number(List<Object> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

	/**
	 * A bucket of a split sale gets its number and the stock {@link LostBuckets} gives it
	 * back; bucket 0 also the number of buckets and the whole stock. Its orders (those
	 * whose id routes to it) are in {@code state} already.
	 */
	@Override
	public Mono<Void> rebuildRecords(FlashSale sale, HotState state) {
		CampaignKeys bucket = state.keys();
		if (sale.buckets() == 1) {
			return Mono.empty();
		}
		if (bucket.buckets() != sale.buckets()) {
			return Mono
				.error(new IllegalStateException(bucket + " is no bucket of a sale split into " + sale.buckets()));
		}
		return this.lostBuckets.stockOf(bucket, sale.stock(), state.stateNumber("sold")).doOnNext((stock) -> {
			state.state("stock", stock).state("bucket", bucket.bucket());
			if (bucket.bucket() == 0) {
				state.state("buckets", sale.buckets()).state("totalStock", sale.stock());
			}
		}).then();
	}

	/** A sale without hot state: the record knows what it sold. */
	@Override
	public Mono<Map<String, Object>> recordedState(FlashSale sale, Instant now) {
		return this.ledger.heldUnitsInPostgres(sale.id())
			.map((sold) -> FlashSaleView.recordedState(sale.campaign(), sold, now));
	}

	@Override
	public FlashSaleView view(FlashSale sale, String liveMessage) {
		return FlashSaleView.of(sale.campaign(), this.json.readValue(liveMessage, FlashSaleView.LiveCounters.class),
				sale.buckets());
	}

	/**
	 * On the bucket the order id names; an id that names another split than the sale's
	 * (minted before ids carried it) has its order in bucket 0.
	 */
	@Override
	public Mono<List<Object>> markPaid(Order order, Payment payment) {
		CampaignKeys named = OrderId.keysOf(order.id());
		return this.buckets.of(order.campaignId())
			.map((count) -> (named.buckets() == count) ? named : new CampaignKeys(order.campaignId()))
			.flatMap((bucket) -> this.scripts.pay(bucket, order.id(), payment.json())
				.doOnSuccess((reply) -> this.reports.changed(bucket)))
			.doOnSuccess((reply) -> this.writes.written(order.campaignId()));
	}

	@Override
	public String prefix() {
		return KIND.topicPrefix();
	}

	/** The campaign's slot: its topic's channel carries {@code {c:<id>}} when sharded. */
	@Override
	public @Nullable String slotOf(String id) {
		OptionalLong campaign = CampaignKeys.idOf(id);
		return campaign.isPresent() ? new CampaignKeys(campaign.getAsLong()).state() : null;
	}

	@Override
	public Mono<String> snapshot(String id) {
		return this.campaigns.liveMessage(this, id);
	}

}
