package io.flashgroup.chat;

import java.time.OffsetDateTime;
import java.util.List;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Threads in PostgreSQL. Appending takes the thread row's lock (an upsert that bumps
 * {@code last_id}), so a thread's ids are consecutive and commit in order; a retried
 * {@code clientMessageId} rolls the bump back and answers the stored message.
 */
@Component
class ChatRows {

	private static final String COLUMNS = "post_id, id, sender_id, sender_name, client_message_id, body, sent_at";

	private static final String NEXT_ID = """
			INSERT INTO chat_threads (post_id, last_id) VALUES ($1, 1)
			ON CONFLICT (post_id) DO UPDATE SET last_id = chat_threads.last_id + 1
			RETURNING last_id
			""";

	private static final String INSERT = """
			INSERT INTO chat_messages (post_id, id, sender_id, sender_name, client_message_id, body)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (post_id, sender_id, client_message_id) DO NOTHING
			RETURNING sent_at
			""";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	ChatRows(DatabaseClient db, TransactionalOperator transaction) {
		this.db = db;
		this.transaction = transaction;
	}

	/**
	 * Stores a message, or finds the one the same sender stored with the same
	 * {@code clientMessageId}.
	 */
	Mono<Appended> append(long postId, String senderId, String senderName, String clientMessageId, String text) {
		Mono<ChatMessage> stored = this.db.sql(NEXT_ID)
			.bind(0, postId)
			.map((row) -> row.get("last_id", Long.class))
			.one()
			.flatMap((id) -> this.db.sql(INSERT)
				.bind(0, postId)
				.bind(1, id)
				.bind(2, senderId)
				.bind(3, senderName)
				.bind(4, clientMessageId)
				.bind(5, text)
				.map((row) -> row.get("sent_at", OffsetDateTime.class))
				.one()
				.map((sentAt) -> new ChatMessage(postId, id, senderId, senderName, clientMessageId, text,
						sentAt.toInstant()))
				// The key is taken: roll back the id bump (the thread lock made sure the
				// other message is committed) and answer that one.
				.switchIfEmpty(Mono.error(Retried::new)));
		return this.transaction.transactional(stored)
			.map((message) -> new Appended(message, true))
			.onErrorResume(Retried.class,
					(ex) -> bySender(postId, senderId, clientMessageId).map((message) -> new Appended(message, false)));
	}

	/** The message a sender stored with this key, if any. */
	Mono<ChatMessage> bySender(long postId, String senderId, String clientMessageId) {
		return this.db
			.sql("SELECT " + COLUMNS
					+ " FROM chat_messages WHERE post_id = $1 AND sender_id = $2 AND client_message_id = $3")
			.bind(0, postId)
			.bind(1, senderId)
			.bind(2, clientMessageId)
			.map(ChatRows::message)
			.one();
	}

	/** Up to {@code limit} messages with ids above {@code after}, oldest first. */
	Mono<List<ChatMessage>> after(long postId, long after, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM chat_messages WHERE post_id = $1 AND id > $2 ORDER BY id LIMIT $3")
			.bind(0, postId)
			.bind(1, after)
			.bind(2, limit)
			.map(ChatRows::message)
			.all()
			.collectList();
	}

	/** Up to {@code limit} messages with ids below {@code before}, newest first. */
	Mono<List<ChatMessage>> before(long postId, long before, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM chat_messages WHERE post_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3")
			.bind(0, postId)
			.bind(1, before)
			.bind(2, limit)
			.map(ChatRows::message)
			.all()
			.collectList();
	}

	/** The thread's last id, 0 when it has no message. */
	Mono<Long> lastId(long postId) {
		return this.db.sql("SELECT last_id FROM chat_threads WHERE post_id = $1")
			.bind(0, postId)
			.map((row) -> row.get("last_id", Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	private static ChatMessage message(Readable row) {
		return new ChatMessage(row.get("post_id", Long.class), row.get("id", Long.class),
				row.get("sender_id", String.class), row.get("sender_name", String.class),
				row.get("client_message_id", String.class), row.get("body", String.class),
				row.get("sent_at", OffsetDateTime.class).toInstant());
	}

	/**
	 * The outcome of an append.
	 *
	 * @param message the message stored now, or before under the same key
	 * @param created whether this call stored it
	 */
	record Appended(ChatMessage message, boolean created) {
	}

	/** The sender's key is taken: the transaction rolls back. */
	private static final class Retried extends RuntimeException {

		Retried() {
			super(null, null, false, false);
		}

	}

}
