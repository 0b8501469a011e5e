package io.flashgroup.chat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.circle.PostReaders;
import io.flashgroup.live.LiveHub;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.ServerClock;
import io.flashgroup.shared.RedisPubSub;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * {@code chat:<postId>}: a thread's new messages, live, for a signed-in watcher who may
 * read the post (anyone else is told the topic does not exist). The first frame
 * ({@code snapshot}) is {@code {event: "subscribed", postId, lastId}}; then
 * {@code {event: "message", message}} per message stored after it, in the shape of
 * {@code GET .../messages} (with {@code sender.you} for this watcher, {@code sentAt} in
 * epoch ms), with increasing ids; {@code {event: "revoked"}} ends the stream when the
 * watcher can no longer see the post (checked every {@link #REAUTHORIZE}).
 *
 * <p>
 * Resuming: subscribe, then on the snapshot read {@code after=<your last id>} and apply
 * frames whose id is above your last; a frame whose id is more than one above it means
 * frames were skipped (a slow connection keeps the latest per topic), so read
 * {@code after} again. The snapshot is sent once this node's Redis subscription is in
 * place, so a message committed after the client's read is always pushed to it.
 */
@Component
class ChatLiveSource implements LiveSource {

	/**
	 * How soon a watcher who lost sight of the post (an unfriend, a block) is cut off.
	 */
	static final Duration REAUTHORIZE = Duration.ofSeconds(10);

	private final PostReaders readers;

	private final ChatRows rows;

	private final RedisPubSub pubsub;

	private final ServerClock clock;

	private final JsonMapper json;

	ChatLiveSource(PostReaders readers, ChatRows rows, RedisPubSub pubsub, ServerClock clock, JsonMapper json) {
		this.readers = readers;
		this.rows = rows;
		this.pubsub = pubsub;
		this.clock = clock;
		this.json = json;
	}

	@Override
	public String prefix() {
		return "chat";
	}

	@Override
	public @Nullable String slotOf(String id) {
		OptionalLong postId = parse(id);
		return postId.isPresent() ? ChatService.hashTag(postId.getAsLong()) : null;
	}

	@Override
	public boolean conflated() {
		return false;
	}

	@Override
	public String requiredRole() {
		return "SHOPPER";
	}

	/**
	 * Only a well-formed id; whether the thread is the watcher's is {@link #mayWatch}.
	 */
	@Override
	public Mono<String> snapshot(String id) {
		return parse(id).isPresent() ? Mono.just(envelope(0, state("subscribed"))) : Mono.empty();
	}

	@Override
	public Mono<Boolean> mayWatch(String id, String userId) {
		OptionalLong postId = parse(id);
		return postId.isPresent() ? this.readers.reader(postId.getAsLong(), userId).hasElement() : Mono.just(false);
	}

	@Override
	public Personal personal() {
		return new Personal() {

			@Override
			public Flux<String> messages(Flux<JsonNode> events, String userId) {
				throw new UnsupportedOperationException("A chat topic names its post");
			}

			@Override
			public Flux<String> messages(String id, Flux<JsonNode> events, String userId) {
				OptionalLong postId = parse(id);
				return postId.isPresent() ? ChatLiveSource.this.messages(postId.getAsLong(), events, userId)
						: Flux.empty();
			}

		};
	}

	private Flux<String> messages(long postId, Flux<JsonNode> events, String userId) {
		AtomicLong last = new AtomicLong();
		String channel = this.pubsub.channel(LiveHub.channel(ChatService.topic(postId)), ChatService.hashTag(postId));
		return this.pubsub.subscribe(channel)
			.then(this.readers.reader(postId, userId))
			.flatMapMany((reader) -> this.rows.lastId(postId).flatMapMany((lastId) -> {
				last.set(lastId);
				ObjectNode subscribed = state("subscribed");
				subscribed.put("postId", postId);
				subscribed.put("lastId", lastId);
				Flux<String> live = events.mapNotNull((event) -> message(event, userId, reader.authorId(), last));
				Flux<String> revoked = Flux.interval(REAUTHORIZE)
					.concatMap((tick) -> this.readers.reader(postId, userId).hasElement().onErrorReturn(true))
					.filter((allowed) -> !allowed)
					.next()
					.map((gone) -> envelope(last.get(), state("revoked")))
					.flux();
				return Flux.concat(Mono.just(envelope(lastId, subscribed)), Flux.merge(live, revoked))
					.takeUntil((message) -> message.contains("\"revoked\""));
			}));
	}

	/**
	 * The watcher's frame of a published message, or null for one at or below the last id
	 * sent (a publish that overtook an earlier one: the client read both on the gap).
	 */
	private @Nullable String message(JsonNode event, String userId, String authorId, AtomicLong last) {
		JsonNode stored = event.path("state");
		long id = stored.path("id").asLong();
		long seen = last.get();
		if (id <= seen || !last.compareAndSet(seen, id)) {
			return null;
		}
		String senderId = stored.path("senderId").asString("");
		ObjectNode state = state("message");
		ObjectNode message = state.putObject("message");
		message.put("id", id);
		message.put("postId", stored.path("postId").asLong());
		ObjectNode sender = message.putObject("sender");
		sender.put("displayName", stored.path("senderName").asString(""));
		sender.put("you", senderId.equals(userId));
		sender.put("sharer", senderId.equals(authorId));
		message.put("text", stored.path("text").asString(""));
		message.put("sentAt", stored.path("sentAt").asLong());
		return envelope(id, state);
	}

	private ObjectNode state(String event) {
		ObjectNode state = this.json.createObjectNode();
		state.put("event", event);
		return state;
	}

	private String envelope(long seq, ObjectNode state) {
		ObjectNode message = this.json.createObjectNode();
		message.put("seq", seq);
		message.put("serverTime", this.clock.millis());
		message.set("state", state);
		return this.json.writeValueAsString(message);
	}

	static OptionalLong parse(String id) {
		if (!id.matches("0|[1-9][0-9]{0,17}")) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong(id));
	}

}
