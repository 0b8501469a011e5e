package io.flashgroup.chat;

import java.util.List;

import io.flashgroup.circle.PostReaders;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Threads: who may read and write one (whoever may read its post), sending (deduped by
 * the sender's {@code clientMessageId}, rate-limited, committed, then published on
 * {@code chat:<postId>}) and reading pages.
 */
@Service
class ChatService {

	private static final Log logger = LogFactory.getLog(ChatService.class);

	private final PostReaders readers;

	private final ChatRows rows;

	private final ChatLimit limit;

	private final RedisPubSub pubsub;

	private final JsonMapper json;

	ChatService(PostReaders readers, ChatRows rows, ChatLimit limit, RedisPubSub pubsub, JsonMapper json) {
		this.readers = readers;
		this.rows = rows;
		this.limit = limit;
		this.pubsub = pubsub;
		this.json = json;
	}

	/**
	 * The hash tag of a thread's shard channel: chat has no Redis keys, so a tag of its
	 * own spreads threads over every slot of a cluster.
	 */
	static String hashTag(long postId) {
		return "{chat:" + postId + "}";
	}

	/** The live topic of a post's thread. */
	static String topic(long postId) {
		return "chat:" + postId;
	}

	/**
	 * Sends a message: the stored one with whether this call stored it (a retry of the
	 * same {@code clientMessageId} answers the first), or a problem.
	 */
	Mono<Sent> send(long postId, String senderId, String senderName, String clientMessageId, String text) {
		return reader(postId, senderId).flatMap((reader) -> this.rows.bySender(postId, senderId, clientMessageId)
			.map((message) -> new ChatRows.Appended(message, false))
			.switchIfEmpty(Mono.defer(() -> this.limit.take(senderId)
				.then(this.rows.append(postId, senderId, senderName, clientMessageId, text))))
			.flatMap((appended) -> (appended.created() ? publish(appended.message()) : Mono.<Void>empty()).thenReturn(
					new Sent(MessageView.of(appended.message(), senderId, reader.authorId()), appended.created()))));
	}

	/**
	 * A page of the thread, oldest first: after {@code after}, or before {@code before},
	 * or the latest when both are null.
	 */
	Mono<MessageView.Page> read(long postId, String viewer, @Nullable Long after, @Nullable Long before, int limit) {
		return reader(postId, viewer).flatMap((reader) -> {
			Mono<List<ChatMessage>> page = (after != null) ? this.rows.after(postId, after, limit + 1)
					: this.rows.before(postId, (before != null) ? before : Long.MAX_VALUE, limit + 1)
						.map((newestFirst) -> newestFirst.reversed());
			return page.zipWith(this.rows.lastId(postId)).map((found) -> {
				List<ChatMessage> messages = found.getT1();
				boolean hasMore = messages.size() > limit;
				// One more than asked tells whether there is more; drop it from the far
				// end.
				List<ChatMessage> shown = !hasMore ? messages
						: (after != null) ? messages.subList(0, limit) : messages.subList(1, messages.size());
				return new MessageView.Page(
						shown.stream().map((message) -> MessageView.of(message, viewer, reader.authorId())).toList(),
						hasMore, found.getT2());
			});
		});
	}

	/**
	 * The viewer as a reader of the post's thread, or 404 as for a post that does not
	 * exist.
	 */
	Mono<PostReaders.Reader> reader(long postId, String viewer) {
		return this.readers.reader(postId, viewer).switchIfEmpty(Mono.error(() -> notFound(postId)));
	}

	static ProblemException notFound(long postId) {
		return new ProblemException(HttpStatus.NOT_FOUND, "post-not-found", "Post " + postId + " does not exist");
	}

	/**
	 * Publishes a committed message on its topic's channel. A lost publish loses no
	 * message: watchers see a gap at the next one, and every (re)subscribe reads from
	 * PostgreSQL.
	 */
	private Mono<Void> publish(ChatMessage message) {
		ObjectNode event = this.json.createObjectNode();
		event.put("seq", message.id());
		event.put("serverTime", message.sentAt().toEpochMilli());
		ObjectNode state = event.putObject("state");
		state.put("id", message.id());
		state.put("postId", message.postId());
		state.put("senderId", message.senderId());
		state.put("senderName", message.senderName());
		state.put("text", message.text());
		state.put("sentAt", message.sentAt().toEpochMilli());
		String channel = this.pubsub.channel(LiveHub.channel(topic(message.postId())), hashTag(message.postId()));
		return this.pubsub.publish(channel, this.json.writeValueAsString(event))
			.doOnError((ex) -> logger.warn("Chat message " + message.postId() + "/" + message.id()
					+ " stored but not pushed: " + ex.getMessage()))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	/**
	 * A send's answer.
	 *
	 * @param message the message
	 * @param created whether this send stored it (201), or it is a retry (200)
	 */
	record Sent(MessageView message, boolean created) {
	}

}
