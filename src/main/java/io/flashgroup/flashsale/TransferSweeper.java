package io.flashgroup.flashsale;

import java.util.Map;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.Passes;
import io.flashgroup.shared.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Finishes the stock transfers between buckets of split sales that a crash (or a timeout)
 * left in flight, so no unit stays stranded: every node walks the active split sales
 * every {@code transfer-sweep-interval}, and for each transfer older than
 * {@code transfer-grace} credits its home bucket (a no-op when it was credited) and lets
 * the donor forget it. Running on several nodes at once is harmless: both steps are
 * idempotent by transfer id. Each sweep also marks every bucket for
 * {@link BucketReports}, the reconcile that bounds how stale the summed view can get.
 */
@Component
class TransferSweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TransferSweeper.class);

	private final ActiveCampaigns active;

	private final FlashSaleBuckets buckets;

	private final FlashSaleScripts scripts;

	private final BucketReports reports;

	private final ServerClock clock;

	private final FlashSaleProperties properties;

	private volatile Disposable loop = Disposables.disposed();

	TransferSweeper(ActiveCampaigns active, FlashSaleBuckets buckets, FlashSaleScripts scripts, BucketReports reports,
			ServerClock clock, FlashSaleProperties properties) {
		this.active = active;
		this.buckets = buckets;
		this.scripts = scripts;
		this.reports = reports;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.transferSweepInterval(), this::sweep, log, "Transfer sweep");
	}

	/**
	 * One pass over the active split sales (those with a bucket {@code >= 1} in the
	 * active set); returns the transfers finished.
	 */
	Mono<Long> sweep() {
		return this.active.keys()
			.filter((keys) -> keys.bucket() > 0)
			.map(CampaignKeys::campaignId)
			.distinct()
			.concatMap(this::sweep)
			.reduce(0L, Long::sum);
	}

	private Mono<Long> sweep(long saleId) {
		return this.buckets.of(saleId)
			.flatMapMany((count) -> Flux.range(0, count).map(new CampaignKeys(saleId).split(count)::inBucket))
			.doOnNext(this.reports::changed)
			.concatMap(this::finishStale)
			.reduce(0L, Long::sum)
			.onErrorResume((ex) -> {
				log.warn("Sweeping the transfers of sale {} failed: {}", saleId, ex.toString());
				return Mono.just(0L);
			});
	}

	private Mono<Long> finishStale(CampaignKeys donor) {
		long staleBefore = this.clock.millis() - this.properties.transferGrace().toMillis();
		return this.scripts.transfers(donor).flatMapIterable(Map::entrySet).concatMap((transfer) -> {
			String[] record = transfer.getValue().split(":");
			if (Long.parseLong(record[2]) > staleBefore) {
				return Mono.just(0L);
			}
			CampaignKeys home = donor.inBucket(Integer.parseInt(record[0]));
			return this.buckets.finish(donor, home, transfer.getKey(), Long.parseLong(record[1]))
				.map((units) -> (units > 0) ? 1L : 0L);
		}).reduce(0L, Long::sum);
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

}
