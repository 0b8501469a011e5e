package io.flashgroup.friend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Unfriending and blocking change who sees whom at once: in {@code circle_reach} (the
 * feed's join), in {@link Reach} (one post, a claim) and in the cached friend lists; each
 * change is announced on {@code circle:friends}.
 */
class FriendVisibilityIntegrationTests extends FriendTestSupport {

	@Autowired
	private Reach reach;

	@Autowired
	private RedisClient redisClient;

	private StatefulRedisPubSubConnection<String, String> subscription;

	private final List<String> announced = new CopyOnWriteArrayList<>();

	@BeforeEach
	void listen() {
		this.subscription = this.redisClient.connectPubSub();
		this.subscription.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				FriendVisibilityIntegrationTests.this.announced.add(message);
			}
		});
		this.subscription.sync().subscribe(FriendChangeListener.CHANNEL);
	}

	@AfterEach
	void stopListening() {
		this.subscription.close();
	}

	@Test
	void friendsAndFriendsOfFriendsAreInReachWithTheMutualFriend() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String carol = shopper("carol");
		befriend(alice, bob);
		befriend(bob, carol);

		assertThat(reach(alice)).isEqualTo(Map.of(bob, 1, carol, 2));
		assertThat(path(alice, bob)).contains(new Reach.Path(1, null, null));
		assertThat(path(alice, carol)).contains(new Reach.Path(2, bob, bob));
		assertThat(path(alice, alice)).isEmpty();
		assertThat(path(alice, shopper("stranger"))).isEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.announced.contains(bob + " " + alice));
	}

	@Test
	void unfriendingEndsReachAtOnceAndIsIdempotent() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String carol = shopper("carol");
		befriend(alice, bob);
		befriend(bob, carol);
		assertThat(friendIds(alice)).containsExactly(bob);

		delete(alice, "/api/friends/" + bob).expectStatus().isNoContent();

		assertThat(reach(alice)).isEmpty();
		assertThat(reach(carol)).isEqualTo(Map.of(bob, 1));
		assertThat(path(alice, bob)).isEmpty();
		assertThat(path(carol, alice)).isEmpty();
		assertThat(friendIds(alice)).isEmpty();
		assertThat(friendIds(bob)).containsExactly(carol);
		delete(alice, "/api/friends/" + bob).expectStatus().isNoContent();
		assertThat(friendshipRows(alice, bob)).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.announced.contains(alice + " " + bob));
	}

	@Test
	void blockingAFriendOfAFriendHidesBothFromEachOther() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String carol = shopper("carol");
		befriend(alice, bob);
		befriend(bob, carol);

		post(carol, "/api/friends/" + alice + "/block").expectStatus().isNoContent();

		assertThat(reach(alice)).isEqualTo(Map.of(bob, 1));
		assertThat(reach(carol)).isEqualTo(Map.of(bob, 1));
		assertThat(path(alice, carol)).isEmpty();
		assertThat(path(carol, alice)).isEmpty();
		assertThat(path(alice, bob)).isPresent();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.announced.contains(carol + " " + alice));
	}

	@Test
	void blockingAFriendEndsTheFriendshipAndRefusesInvitationsBothWays() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		befriend(alice, bob);
		assertThat(friendIds(bob)).containsExactly(alice);

		post(alice, "/api/friends/" + bob + "/block").expectStatus().isNoContent();

		assertThat(friendshipRows(alice, bob)).isZero();
		assertThat(friendIds(bob)).isEmpty();
		assertThat(reach(bob)).isEmpty();
		assertProblem(invite(alice, bob), 409, "blocked");
		assertProblem(invite(bob, alice), 409, "blocked");
		assertProblem(redeem(bob, inviteCode(alice)), 409, "blocked");
		assertProblem(redeem(alice, inviteCode(bob)), 409, "blocked");
		post(alice, "/api/friends/" + bob + "/block").expectStatus().isNoContent();
	}

	@Test
	void blockingCancelsPendingInvitationsAndUnblockingAllowsNewOnes() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		long id = json(invite(bob, alice), 201).path("id").asLong();

		post(alice, "/api/friends/" + bob + "/block").expectStatus().isNoContent();

		assertThat(json(get(alice, "/api/me/invitations"), 200).path("received").isEmpty()).isTrue();
		assertThat(assertProblem(post(alice, "/api/friends/invitations/" + id + "/accept"), 409, "invitation-closed")
			.path("invitation")
			.path("status")
			.asString()).isEqualTo("CANCELLED");
		delete(bob, "/api/friends/" + alice + "/block").expectStatus().isNoContent();
		assertProblem(invite(bob, alice), 409, "blocked");
		delete(alice, "/api/friends/" + bob + "/block").expectStatus().isNoContent();
		json(invite(bob, alice), 201);
		assertThat(friendshipRows(alice, bob)).isZero();
	}

	@Test
	void refusesToBlockOneself() {
		String alice = shopper("alice");
		assertProblem(post(alice, "/api/friends/" + alice + "/block"), 422, "self-block");
	}

	@Test
	void theFriendListCacheFollowsEveryChange() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String carol = shopper("carol");
		assertThat(friendIds(alice)).isEmpty();
		assertThat(this.redis.hgetall(FriendCache.friendsKey(alice)).collectList().block(Duration.ofSeconds(5)))
			.hasSize(1);

		befriend(alice, bob);
		assertThat(friendIds(alice)).containsExactly(bob);
		befriend(carol, alice);
		assertThat(friendIds(alice)).containsExactly(carol, bob);
		assertThat(this.redis.hlen(FriendCache.friendsKey(alice)).block(Duration.ofSeconds(5))).isEqualTo(3);
		delete(bob, "/api/friends/" + alice).expectStatus().isNoContent();
		assertThat(friendIds(alice)).containsExactly(carol);
	}

	/**
	 * On a random graph with blocks, the one-pair answer is the feed's join, pair by
	 * pair.
	 */
	@Test
	void reachOfOnePairAgreesWithCircleReach() {
		Random random = new Random(13);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			users.add(shopper("g" + i));
		}
		for (int i = 0; i < users.size(); i++) {
			for (int j = i + 1; j < users.size(); j++) {
				if (random.nextInt(100) < 12) {
					sql("INSERT INTO friendships (user_low, user_high) VALUES (least($1, $2), greatest($1, $2))",
							users.get(i), users.get(j));
				}
				else if (random.nextInt(100) < 4) {
					sql("INSERT INTO friend_blocks (blocker, blocked) VALUES ($1, $2)", users.get(i), users.get(j));
				}
			}
		}
		int seen = 0;
		for (String viewer : users) {
			Map<String, Integer> all = reach(viewer);
			Map<String, String> via = vias(viewer);
			for (String author : users) {
				Optional<Reach.Path> path = path(viewer, author);
				assertThat(path.map(Reach.Path::distance)).as(viewer + " -> " + author)
					.isEqualTo(Optional.ofNullable(all.get(author)));
				assertThat(path.map(Reach.Path::viaUserId)).isEqualTo(Optional.ofNullable(via.get(author)));
				seen += path.isPresent() ? 1 : 0;
			}
		}
		assertThat(seen).isGreaterThan(50);
	}

	private Optional<Reach.Path> path(String viewer, String author) {
		return this.reach.path(viewer, author).block(Duration.ofSeconds(10));
	}

	private Map<String, String> vias(String viewer) {
		return this.db.sql("SELECT author, via FROM circle_reach($1) WHERE via IS NOT NULL")
			.bind(0, viewer)
			.map((row) -> Map.entry(row.get("author", String.class), row.get("via", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(10));
	}

	private void sql(String statement, String a, String b) {
		this.db.sql(statement).bind(0, a).bind(1, b).fetch().rowsUpdated().block(Duration.ofSeconds(10));
	}

}
