package io.flashgroup.timer;

import java.time.Duration;
import java.util.List;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.flashsale.FlashSaleScripts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies due timers (pay-window expiries, phase changes) of every active campaign. Every
 * node runs one; the script pops each due member exactly once, so concurrent workers are
 * harmless and any live node keeps expiring reservations when another dies.
 */
@Component
class TimerWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TimerWorker.class);

	private final ActiveCampaigns campaigns;

	private final FlashSaleScripts flashSales;

	private final TimerProperties properties;

	private final Timer lag;

	private volatile Disposable loop = Disposables.disposed();

	TimerWorker(ActiveCampaigns campaigns, FlashSaleScripts flashSales, TimerProperties properties,
			MeterRegistry meters) {
		this.campaigns = campaigns;
		this.flashSales = flashSales;
		this.properties = properties;
		this.lag = Timer.builder("flashgroup.timers.lag")
			.description("How late due timers were applied")
			.register(meters);
	}

	@Override
	public void start() {
		this.loop = Flux.interval(Duration.ZERO, this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> applyDue().onErrorResume((ex) -> {
				log.warn("Timer pass failed: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/** One pass over all active campaigns. */
	Mono<Void> applyDue() {
		return this.campaigns.keys().flatMap(this::apply, 8).then();
	}

	private Mono<Void> apply(CampaignKeys keys) {
		return this.flashSales.applyTimers(keys, this.properties.batchSize()).doOnNext(this::record).then();
	}

	private void record(List<Object> reply) {
		long applied = ((Number) reply.get(0)).longValue();
		if (applied > 0) {
			this.lag.record(Duration.ofMillis(((Number) reply.get(1)).longValue()));
		}
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
