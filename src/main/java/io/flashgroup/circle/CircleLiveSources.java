package io.flashgroup.circle;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.flashgroup.coupon.CircleSlot;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.ServerClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The circle's live topics. {@code post:<id>}: anyone may watch a post's counter
 * ({@code {postId, claimsLeft, status}}, nothing else). {@code circle:me}: per signed-in
 * watcher, new posts of authors within distance 2 (the feed item's shape) and the
 * claims-left changes of their posts and of the watcher's own, and their own level when
 * the experience ledger changed it ({@code level.Experience}); the scripts publish every
 * circle event on one channel, which each node filters per watcher by the watcher's reach
 * (loaded when they subscribe, refreshed every {@link #REACH_REFRESH}). No message names
 * a claimer or an order.
 */
@Configuration(proxyBeanMethods = false)
class CircleLiveSources {

	/** The personal topic. */
	static final String ME = "circle:me";

	/** How stale a watcher's reach may get when a friendship change's hint is lost. */
	static final Duration REACH_REFRESH = Duration.ofSeconds(10);

	@Bean
	LiveSource postLiveSource(PostService posts, ServerClock clock, JsonMapper json) {
		return new LiveSource() {

			@Override
			public String prefix() {
				return "post";
			}

			/** The post's circle slot ({@code {circle:n}}), where its scripts run. */
			@Override
			public @Nullable String slotOf(String id) {
				OptionalLong postId = parse(id);
				return postId.isPresent() ? CircleSlot.ofPost(postId.getAsLong()).tag() : null;
			}

			@Override
			public Mono<String> snapshot(String id) {
				OptionalLong postId = parse(id);
				if (postId.isEmpty()) {
					return Mono.empty();
				}
				return posts.find(postId.getAsLong()).flatMap((post) -> {
					CircleSlot slot = CircleSlot.ofPost(post.id());
					return posts.claimsLeft(slot, post).map((left) -> {
						// The post's version is the topic's seq, as the scripts publish
						// it.
						ObjectNode message = json.createObjectNode();
						message.put("seq", post.version());
						message.put("serverTime", clock.millis());
						ObjectNode state = message.putObject("state");
						state.put("postId", post.id());
						state.put("claimsLeft", left);
						state.put("status", post.status());
						return json.writeValueAsString(message);
					});
				});
			}

		};
	}

	private static OptionalLong parse(String id) {
		try {
			return OptionalLong.of(Long.parseLong(id));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	@Bean
	LiveSource circleLiveSource(DatabaseClient db, FriendChanges friendChanges, ServerClock clock, JsonMapper json) {
		return new LiveSource() {

			@Override
			public String prefix() {
				return "circle";
			}

			@Override
			public boolean conflated() {
				return false;
			}

			@Override
			public String requiredRole() {
				return "SHOPPER";
			}

			@Override
			public Mono<String> snapshot(String id) {
				return "me".equals(id) ? Mono.just(subscribed(json, clock.millis())) : Mono.empty();
			}

			@Override
			public Personal personal() {
				return (events, userId) -> new Watcher(db, json, clock, userId).messages(events,
						friendChanges.of(userId));
			}

		};
	}

	private static String subscribed(JsonMapper json, long now) {
		ObjectNode message = json.createObjectNode();
		message.put("seq", 0);
		message.put("serverTime", now);
		message.putObject("state").put("event", "subscribed");
		return json.writeValueAsString(message);
	}

	/** One watcher of {@code circle:me}: their reach, and their own seq. */
	private static final class Watcher {

		private final DatabaseClient db;

		private final JsonMapper json;

		private final String userId;

		private final AtomicLong seq = new AtomicLong();

		private volatile Map<String, Reach> reach = Map.of();

		private final ServerClock clock;

		Watcher(DatabaseClient db, JsonMapper json, ServerClock clock, String userId) {
			this.db = db;
			this.json = json;
			this.clock = clock;
			this.userId = userId;
		}

		/**
		 * The watcher's messages: the snapshot, the events they may see, and
		 * {@code circle-changed} once their reach was reloaded after one of their
		 * friendships changed (their feed may have gained or lost posts).
		 */
		Flux<String> messages(Flux<JsonNode> events, Flux<String> friendChanges) {
			Flux<String> periodic = Flux.interval(REACH_REFRESH)
				.concatMap((tick) -> load().onErrorResume((ex) -> Mono.empty()))
				.doOnNext((loaded) -> this.reach = loaded)
				.thenMany(Flux.<String>empty());
			Flux<String> changed = friendChanges.concatMap((change) -> load().onErrorResume((ex) -> Mono.empty()))
				.map((loaded) -> {
					this.reach = loaded;
					ObjectNode state = this.json.createObjectNode();
					state.put("event", "circle-changed");
					return envelope(state, this.clock.millis());
				});
			Flux<String> seen = events.mapNotNull(this::rewrite);
			return load().doOnNext((loaded) -> this.reach = loaded)
				.thenMany(Flux.concat(Mono.just(subscribed(this.json, this.clock.millis())),
						Flux.merge(seen, changed, periodic)));
		}

		private Mono<Map<String, Reach>> load() {
			return this.db
				.sql("SELECT r.author, r.distance, coalesce(u.display_name, r.via) AS via_name FROM circle_reach($1) r "
						+ "LEFT JOIN circle_users u ON u.user_id = r.via")
				.bind(0, this.userId)
				.map((row) -> Map.entry(row.get("author", String.class),
						new Reach(row.get("distance", Integer.class), row.get("via_name", String.class))))
				.all()
				.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
		}

		/**
		 * The watcher's message for a raw event, or null when it is not theirs to see.
		 */
		private @Nullable String rewrite(JsonNode message) {
			JsonNode event = message.path("state");
			ObjectNode state = this.json.createObjectNode();
			switch (event.path("event").asString("")) {
				case "post" -> {
					Post post = this.json.treeToValue(event.path("post"), Post.class);
					Reach reach = this.reach.get(post.authorId());
					if (reach == null) {
						return null; // a stranger's, or the watcher's own (not in their
										// feed)
					}
					state.put("event", "post");
					state.set("post", this.json
						.valueToTree(PostView.of(post, reach.distance(), reach.viaName(), post.claimsLeft(), false)));
				}
				case "claims" -> {
					String author = event.path("authorId").asString("");
					if (!author.equals(this.userId) && !this.reach.containsKey(author)) {
						return null;
					}
					state.put("event", "claims");
					state.put("postId", event.path("postId").asLong());
					state.put("claimsLeft", event.path("claimsLeft").asInt());
					state.put("status", event.path("status").asString(""));
				}
				case "level" -> {
					// The ledger's push: the watcher's own level only.
					if (!this.userId.equals(event.path("userId").asString(""))) {
						return null;
					}
					state.put("event", "level");
					state.put("level", event.path("level").asInt());
					state.put("xp", event.path("xp").asLong());
				}
				default -> {
					return null;
				}
			}
			return envelope(state, message.path("serverTime").asLong());
		}

		/** A message with the watcher's next seq. */
		private String envelope(ObjectNode state, long serverTime) {
			ObjectNode out = this.json.createObjectNode();
			out.put("seq", this.seq.incrementAndGet());
			out.put("serverTime", serverTime);
			out.set("state", state);
			return this.json.writeValueAsString(out);
		}

	}

	private record Reach(int distance, @Nullable String viaName) {
	}

}
