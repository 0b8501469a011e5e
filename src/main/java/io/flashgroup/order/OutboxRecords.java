package io.flashgroup.order;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Writes one kind of outbox entry other than orders (e.g. groups) to PostgreSQL. The
 * flusher hands each implementation the entries carrying its {@link #field()}, in stream
 * order, within the same batch as the orders; writes must be idempotent upserts guarded
 * by version, since a batch is replayed after a crash between commit and acknowledgement.
 */
public interface OutboxRecords {

	/** The stream entry's field name, e.g. {@code group}. */
	String field();

	/** Upserts the records (JSON, possibly several versions of one record). */
	Mono<Void> upsert(List<String> records);

}
