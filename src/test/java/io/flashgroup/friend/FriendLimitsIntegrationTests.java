package io.flashgroup.friend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flashgroup.Rush;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The limits of {@code flashgroup.friends}, set low. */
@TestPropertySource(
		properties = { "flashgroup.friends.invitations-per-day=3", "flashgroup.friends.invite-codes-per-day=2",
				"flashgroup.friends.redemptions-per-code=3", "flashgroup.friends.max-friends=4" })
class FriendLimitsIntegrationTests extends FriendTestSupport {

	@Test
	void refusesInvitationsOverTheDailyAllowanceUntilTheOldestIsADayOld() {
		String alice = shopper("alice");
		long declined = json(invite(alice, shopper("bob")), 201).path("id").asLong();
		json(post(findInvitee(declined), "/api/friends/invitations/" + declined + "/decline"), 200);
		json(invite(alice, shopper("carol")), 201);
		json(invite(alice, shopper("dave")), 201);

		byte[] refusal = invite(alice, shopper("erin")).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER,
					(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(86_000L, 86_400L))
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(refusal)).contains("daily-limit-reached").contains("\"limit\":3");

		this.db.sql("UPDATE friend_invitations SET created_at = now() - interval '25 hours' WHERE id = $1")
			.bind(0, declined)
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10));
		json(invite(alice, shopper("erin")), 201);
	}

	@Test
	void refusesInviteCodesOverTheDailyAllowance() {
		String alice = shopper("alice");
		inviteCode(alice);
		inviteCode(alice);
		JsonNode problem = assertProblem(post(alice, "/api/me/invite-codes"), 429, "daily-limit-reached");
		assertThat(problem.path("limit").asInt()).isEqualTo(2);
	}

	@Test
	void refusesAFriendshipBeyondTheMostFriends() {
		String alice = shopper("alice");
		for (int i = 0; i < 4; i++) {
			befriend(shopper("friend"), alice);
		}
		long fifth = json(invite(shopper("fifth"), alice), 201).path("id").asLong();

		assertProblem(post(alice, "/api/friends/invitations/" + fifth + "/accept"), 409, "friend-limit-reached");
		String bob = shopper("bob");
		assertProblem(redeem(alice, inviteCode(bob)), 409, "friend-limit-reached");
		assertProblem(redeem(bob, inviteCode(alice)), 409, "friend-limit-reached");

		assertThat(friendIds(alice)).hasSize(4);
		assertThat(friendIds(bob)).isEmpty();
	}

	@Test
	void aRushOnACodeMakesExactlyAsManyFriendshipsAsItAllows() {
		String owner = shopper("owner");
		String code = inviteCode(owner);
		List<String> shoppers = IntStream.range(0, 12).mapToObj((i) -> shopper("rush" + i)).toList();
		shoppers.forEach(this::bearer);

		List<Rush.Answer> answers = Rush.fire(this.port, shoppers.size(), shoppers.size(),
				(web, i) -> web.post()
					.uri("/api/friends/invitations")
					.header(HttpHeaders.AUTHORIZATION, bearer(shoppers.get(i)))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("code", code)));

		assertThat(Rush.statuses(answers)).isEqualTo(Map.of(201, 3, 409, 9));
		assertThat(answers.stream().filter((answer) -> answer.status() == 409))
			.allMatch((answer) -> answer.body().path("type").asString().endsWith("/invite-code-exhausted"));
		List<String> winners = answers.stream()
			.filter((answer) -> answer.status() == 201)
			.map((answer) -> answer.body().path("userId").asString())
			.toList();
		assertThat(winners).containsOnly(owner);
		assertThat(friendIds(owner)).hasSize(3).allMatch(shoppers::contains);
		assertThat(this.db
			.sql("SELECT c.redemptions, (SELECT count(*) FROM invite_code_redemptions r WHERE r.code = c.code) AS n,"
					+ " (SELECT count(*) FROM friend_edges e WHERE e.user_id = c.owner) AS friends"
					+ " FROM invite_codes c WHERE c.code = $1")
			.bind(0, code)
			.map((row) -> List.of(row.get("redemptions", Integer.class).longValue(), row.get("n", Long.class),
					row.get("friends", Long.class)))
			.one()
			.block(Duration.ofSeconds(10))).containsExactly(3L, 3L, 3L);
	}

	private String findInvitee(long invitationId) {
		return this.db.sql("SELECT invitee FROM friend_invitations WHERE id = $1")
			.bind(0, invitationId)
			.map((row) -> row.get("invitee", String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
