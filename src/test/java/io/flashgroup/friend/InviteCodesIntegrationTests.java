package io.flashgroup.friend;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Invite codes: made by a shopper, redeemed by others into friendships at once. */
class InviteCodesIntegrationTests extends FriendTestSupport {

	@Test
	void makesACodeWithItsLinkAndLimits() {
		String alice = shopper("alice");

		JsonNode code = json(post(alice, "/api/me/invite-codes"), 201);

		assertThat(code.path("code").asString()).matches("[A-HJ-NP-Z2-9]{10}");
		assertThat(code.path("link").asString()).isEqualTo("/circle?invite=" + code.path("code").asString());
		assertThat(code.path("maxRedemptions").asInt()).isEqualTo(20);
		assertThat(code.path("redemptions").asInt()).isZero();
		assertThat(Instant.parse(code.path("expiresAt").asString())).isCloseTo(Instant.now().plus(Duration.ofDays(7)),
				within(Duration.ofMinutes(1)));
	}

	@Test
	void redeemingACodeMakesFriendsAtOnce() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String code = inviteCode(alice);

		JsonNode friend = json(redeem(bob, code.toLowerCase()), 201);

		assertThat(friend.path("userId").asString()).isEqualTo(alice);
		assertThat(friendIds(alice)).containsExactly(bob);
		assertThat(friendIds(bob)).containsExactly(alice);
		assertThat(friendshipRows(alice, bob)).isEqualTo(1);
		assertThat(redemptions(code)).isEqualTo(1);
	}

	@Test
	void redeemingACodeSettlesAPendingInvitationBetweenThePair() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		long id = json(invite(bob, alice), 201).path("id").asLong();

		json(redeem(bob, inviteCode(alice)), 201);

		assertThat(json(get(alice, "/api/me/invitations"), 200).path("received").isEmpty()).isTrue();
		assertProblem(post(alice, "/api/friends/invitations/" + id + "/accept"), 409, "invitation-closed");
	}

	@Test
	void refusesOnesOwnCode() {
		String alice = shopper("alice");
		String code = inviteCode(alice);
		assertProblem(redeem(alice, code), 422, "own-invite-code");
		assertThat(redemptions(code)).isZero();
	}

	@Test
	void answersAnUnknownCodeWithNotFound() {
		assertProblem(redeem(shopper("bob"), "NOSUCHCODE"), 404, "not-found");
	}

	@Test
	void refusesASecondRedemptionBySameShopperEvenAfterUnfriending() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String code = inviteCode(alice);
		json(redeem(bob, code), 201);

		assertProblem(redeem(bob, code), 409, "already-friends");
		delete(bob, "/api/friends/" + alice).expectStatus().isNoContent();
		assertProblem(redeem(bob, code), 409, "already-redeemed");

		assertThat(redemptions(code)).isEqualTo(1);
		assertThat(friendshipRows(alice, bob)).isZero();
	}

	@Test
	void refusesAnExpiredCode() {
		String alice = shopper("alice");
		String bob = shopper("bob");
		String code = inviteCode(alice);
		this.db.sql("UPDATE invite_codes SET expires_at = now() - interval '1 second' WHERE code = $1")
			.bind(0, code)
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10));

		assertProblem(redeem(bob, code), 409, "invite-code-expired");

		assertThat(friendshipRows(alice, bob)).isZero();
		assertThat(redemptions(code)).isZero();
	}

	private int redemptions(String code) {
		return this.db
			.sql("SELECT c.redemptions, (SELECT count(*) FROM invite_code_redemptions r WHERE r.code = c.code) AS n"
					+ " FROM invite_codes c WHERE c.code = $1")
			.bind(0, code)
			.map((row) -> {
				int counted = row.get("redemptions", Integer.class);
				assertThat(row.get("n", Long.class)).as("redemption rows").isEqualTo(counted);
				return counted;
			})
			.one()
			.block(Duration.ofSeconds(10));
	}

}
