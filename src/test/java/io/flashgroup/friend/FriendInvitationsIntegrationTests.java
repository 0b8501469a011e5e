package io.flashgroup.friend;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Invitations by user id: sent, listed, accepted or declined by the invitee alone. */
class FriendInvitationsIntegrationTests extends FriendTestSupport {

	@Test
	void acceptingAnInvitationMakesBothFriendsInOneRow() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		JsonNode invitation = json(invite(alice, bob), 201);
		assertThat(invitation.path("status").asString()).isEqualTo("PENDING");
		assertThat(invitation.path("inviterId").asString()).isEqualTo(alice);
		assertThat(invitation.path("inviteeId").asString()).isEqualTo(bob);
		long id = invitation.path("id").asLong();
		assertThat(json(get(bob, "/api/me/invitations"), 200).path("received").findValuesAsString("inviterId"))
			.containsExactly(alice);
		assertThat(json(get(alice, "/api/me/invitations"), 200).path("sent").findValuesAsString("inviteeId"))
			.containsExactly(bob);

		JsonNode friend = json(post(bob, "/api/friends/invitations/" + id + "/accept"), 200);

		assertThat(friend.path("userId").asString()).isEqualTo(alice);
		assertThat(friend.path("displayName").asString()).isEqualTo(alice);
		assertThat(friend.path("since").isMissingNode()).isFalse();
		assertThat(friendIds(alice)).containsExactly(bob);
		assertThat(friendIds(bob)).containsExactly(alice);
		assertThat(friendshipRows(alice, bob)).isEqualTo(1);
		assertThat(json(get(bob, "/api/me/invitations"), 200).path("received").isEmpty()).isTrue();
		assertThat(invitationStatus(id)).isEqualTo("ACCEPTED");
	}

	@Test
	void decliningLeavesThemStrangersAndLetsTheInviterAskAgain() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		long id = json(invite(alice, bob), 201).path("id").asLong();

		JsonNode declined = json(post(bob, "/api/friends/invitations/" + id + "/decline"), 200);

		assertThat(declined.path("status").asString()).isEqualTo("DECLINED");
		assertThat(friendshipRows(alice, bob)).isZero();
		assertThat(friendIds(alice)).isEmpty();
		assertProblem(post(bob, "/api/friends/invitations/" + id + "/accept"), 409, "invitation-closed");
		json(invite(alice, bob), 201);
	}

	@Test
	void onlyTheInviteeAcceptsOrDeclines() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String mallory = shopper("mallory");
		long id = json(invite(alice, bob), 201).path("id").asLong();

		assertProblem(post(alice, "/api/friends/invitations/" + id + "/accept"), 404, "not-found");
		assertProblem(post(mallory, "/api/friends/invitations/" + id + "/accept"), 404, "not-found");
		assertProblem(post(mallory, "/api/friends/invitations/" + id + "/decline"), 404, "not-found");
		assertProblem(post(bob, "/api/friends/invitations/999999999/accept"), 404, "not-found");

		assertThat(invitationStatus(id)).isEqualTo("PENDING");
		assertThat(friendshipRows(alice, bob)).isZero();
	}

	@Test
	void refusesToInviteOneself() {
		String alice = shopper("alice");
		assertProblem(invite(alice, alice), 422, "self-invite");
		assertThat(pendingInvitations(alice)).isZero();
	}

	@Test
	void refusesADuplicateInvitationEitherWay() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		long id = json(invite(alice, bob), 201).path("id").asLong();

		assertThat(assertProblem(invite(alice, bob), 409, "invitation-pending").path("invitationId").asLong())
			.isEqualTo(id);
		assertThat(assertProblem(invite(bob, alice), 409, "invitation-pending").path("invitationId").asLong())
			.isEqualTo(id);
		assertThat(pendingInvitations(alice)).isEqualTo(1);
	}

	@Test
	void refusesToInviteAFriend() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		befriend(alice, bob);
		assertProblem(invite(bob, alice), 409, "already-friends");
	}

	@Test
	void acceptingTwiceIsRefusedAndChangesNothing() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		long id = json(invite(alice, bob), 201).path("id").asLong();
		json(post(bob, "/api/friends/invitations/" + id + "/accept"), 200);

		JsonNode problem = assertProblem(post(bob, "/api/friends/invitations/" + id + "/accept"), 409,
				"invitation-closed");

		assertThat(problem.path("invitation").path("status").asString()).isEqualTo("ACCEPTED");
		assertThat(friendshipRows(alice, bob)).isEqualTo(1);
	}

	@Test
	void wantsExactlyOneOfUserIdAndCode() {
		String alice = shopper("alice");
		assertProblem(post(alice, "/api/friends/invitations", Map.of()), 400, "validation");
		assertProblem(post(alice, "/api/friends/invitations", Map.of("userId", "bob", "code", "ABCDEFGH")), 400,
				"validation");
		assertProblem(post(alice, "/api/friends/invitations", Map.of("userId", "no spaces")), 400, "validation");
	}

	@Test
	void needsAShoppersToken() {
		assertProblem(client().get().uri("/api/me/friends").exchange(), 401, "unauthorized");
		assertProblem(client().post().uri("/api/me/invite-codes").exchange(), 401, "unauthorized");
		assertProblem(client().get()
			.uri("/api/me/friends")
			.header("Authorization", "Bearer " + token(shopper("seller"), "SELLER"))
			.exchange(), 403, "forbidden");
	}

	@Test
	void remembersTheCallersDisplayName() {
		String alice = shopper("alice");
		json(get(alice, "/api/me/friends"), 200);
		String name = this.db.sql("SELECT display_name FROM circle_users WHERE user_id = $1")
			.bind(0, alice)
			.map((row) -> row.get("display_name", String.class))
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(name).isEqualTo(alice);
	}

	private String invitationStatus(long id) {
		return this.db.sql("SELECT status FROM friend_invitations WHERE id = $1")
			.bind(0, id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private long pendingInvitations(String userId) {
		return this.db
			.sql("SELECT count(*) AS n FROM friend_invitations WHERE status = 'PENDING'"
					+ " AND (inviter = $1 OR invitee = $1)")
			.bind(0, userId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
