package io.flashgroup.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScripts;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Writes one batch of outbox entries to PostgreSQL and acknowledges them: orders in one
 * version-guarded upsert, the other records through their {@link OutboxRecords}, then
 * {@code XACK} and {@code XDEL} in one script. A record PostgreSQL refuses is isolated
 * and dead-lettered so it never holds back the others.
 */
@Component
class OutboxWriter {

	private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);

	private final LuaScripts scripts;

	private final OrderRepository repository;

	private final OrderCodec codec;

	private final Map<String, OutboxRecords> others = new LinkedHashMap<>();

	private final DeadLetters deadLetters;

	private final DistributionSummary batchSizes;

	private final Counter flushed;

	OutboxWriter(LuaScripts scripts, OrderRepository repository, OrderCodec codec, List<OutboxRecords> others,
			DeadLetters deadLetters, MeterRegistry meters) {
		this.scripts = scripts;
		this.repository = repository;
		this.codec = codec;
		this.deadLetters = deadLetters;
		others.forEach((records) -> this.others.put(records.field(), records));
		this.batchSizes = DistributionSummary.builder("flashgroup.flush.batch")
			.description("Orders written per flush round trip")
			.register(meters);
		this.flushed = Counter.builder("flashgroup.flush.orders")
			.description("Order versions written to PostgreSQL")
			.register(meters);
	}

	/**
	 * Writes and acknowledges the entries. A batch PostgreSQL refuses because of what it
	 * holds is split in halves until the refused entry is alone, which is dead-lettered,
	 * so a poison record never holds back the others; about 2·log2(n) extra round trips
	 * per poison. Any other failure fails the whole batch, retried with backoff.
	 */
	Mono<Integer> write(CampaignKeys keys, List<StreamMessage<String, String>> entries) {
		if (entries.isEmpty()) {
			return Mono.just(0);
		}
		return Mono.defer(() -> store(keys, entries))
			.onErrorResume(FlushFailures::isRecordFault, (ex) -> isolate(keys, entries, ex));
	}

	private Mono<Integer> isolate(CampaignKeys keys, List<StreamMessage<String, String>> entries, Throwable ex) {
		if (entries.size() > 1) {
			int half = entries.size() / 2;
			return Flux.just(entries.subList(0, half), entries.subList(half, entries.size()))
				.concatMap((part) -> write(keys, part))
				.reduce(0, Integer::sum);
		}
		StreamMessage<String, String> entry = entries.get(0);
		String error = FlushFailures.describe(ex);
		log.error("PostgreSQL refused outbox entry {} of {}; moved to {}: {}", entry.getId(), keys.outbox(),
				keys.deadLetters(), error);
		return this.deadLetters.bury(keys, entry.getId(), kindOf(entry), error).thenReturn(1);
	}

	private Mono<Integer> store(CampaignKeys keys, List<StreamMessage<String, String>> entries) {
		String[] ids = entries.stream().map(StreamMessage::getId).toArray(String[]::new);
		List<Order> latest = latestVersions(entries);
		Mono<Long> orders = latest.isEmpty() ? Mono.just(0L) : this.repository.upsert(latest);
		return orders.then(writeOthers(entries))
			.then(OutboxStreams.ack(this.scripts, keys.outbox(), OrderFlusher.GROUP, ids))
			.doOnSuccess((deleted) -> {
				this.batchSizes.record(entries.size());
				this.flushed.increment(entries.size());
			})
			.thenReturn(entries.size());
	}

	/** The entry's record field (order, group, session): a low-cardinality metric tag. */
	private String kindOf(StreamMessage<String, String> entry) {
		return entry.getBody()
			.keySet()
			.stream()
			.filter((field) -> "order".equals(field) || this.others.containsKey(field))
			.findFirst()
			.orElse("unknown");
	}

	/** Entries that are not orders go to their {@link OutboxRecords}, in stream order. */
	private Mono<Void> writeOthers(List<StreamMessage<String, String>> entries) {
		return Flux.fromIterable(this.others.values()).concatMap((records) -> {
			List<String> jsons = entries.stream()
				.map((entry) -> entry.getBody().get(records.field()))
				.filter(Objects::nonNull)
				.toList();
			return jsons.isEmpty() ? Mono.empty() : records.upsert(jsons);
		}).then();
	}

	/**
	 * One statement cannot touch a row twice, so keep only the newest version of each
	 * order.
	 */
	private List<Order> latestVersions(List<StreamMessage<String, String>> entries) {
		Map<String, Order> latest = new LinkedHashMap<>();
		for (StreamMessage<String, String> entry : entries) {
			String json = entry.getBody().get("order");
			if (json == null) {
				if (entry.getBody().keySet().stream().noneMatch(this.others::containsKey)) {
					log.error("Outbox entry {} has nothing this node can write; acknowledging it unprocessed",
							entry.getId());
				}
				continue;
			}
			Order order = this.codec.read(json);
			latest.merge(order.id(), order, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		return new ArrayList<>(latest.values());
	}

}
