package io.flashgroup.flashsale;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveProperties;
import io.flashgroup.shared.Passes;
import io.lettuce.core.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the live view of a split sale the sum of its buckets. Buckets {@code >= 1} never
 * publish (a sharded channel is published on from its own slot only); this node notes
 * which of them its purchases, payments, expiries and cancels changed, conflates them,
 * and at most once per {@code flashgroup.live.min-interval} per bucket runs
 * {@code flash_sale_report.lua} on bucket 0, which records that bucket's counters and
 * publishes the summed view on the sale's channel. {@link TransferSweeper} also marks
 * every bucket of every active split sale each sweep, so a node that died before
 * reporting delays the sum by at most one sweep interval.
 */
@Component
class BucketReports implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BucketReports.class);

	private final FlashSaleScripts scripts;

	private final LiveProperties live;

	private final Set<CampaignKeys> changed = ConcurrentHashMap.newKeySet();

	private volatile Disposable loop = Disposables.disposed();

	BucketReports(FlashSaleScripts scripts, LiveProperties live) {
		this.scripts = scripts;
		this.live = live;
	}

	/** Notes that a bucket's counters changed; bucket 0 publishes by itself. */
	void changed(CampaignKeys bucket) {
		if (bucket.bucket() > 0) {
			this.changed.add(bucket);
		}
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.live.minInterval(), this::reportChanged, log, "Bucket report");
	}

	/** One pass: reports each bucket changed since the last one, once. */
	Mono<Void> reportChanged() {
		List<CampaignKeys> due = List.copyOf(this.changed);
		due.forEach(this.changed::remove);
		return Flux.fromIterable(due).flatMap(this::report, 8).then();
	}

	private Mono<Long> report(CampaignKeys bucket) {
		return this.scripts.counters(bucket)
			.filter((fields) -> fields.stream().allMatch(KeyValue::hasValue))
			.flatMap((fields) -> this.scripts.report(bucket, fields.get(0).getValue(), fields.get(1).getValue(),
					fields.get(2).getValue()))
			.onErrorResume((ex) -> {
				// Marked again: the next pass retries it.
				this.changed.add(bucket);
				log.warn("Reporting bucket {} of sale {} failed: {}", bucket.bucket(), bucket.campaignId(),
						ex.toString());
				return Mono.empty();
			});
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
