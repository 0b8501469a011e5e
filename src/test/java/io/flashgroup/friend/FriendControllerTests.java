package io.flashgroup.friend;

import java.time.Instant;
import java.util.Map;

import io.flashgroup.security.SliceSecurity;
import io.flashgroup.shared.ControllerSlice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/** How the friend routes answer bad input and refusals, with the services mocked. */
@ControllerSlice(FriendController.class)
class FriendControllerTests {

	@Autowired
	private WebTestClient web;

	@MockitoBean
	private Invitations invitations;

	@MockitoBean
	private InviteCodes codes;

	@MockitoBean
	private Friendships friendships;

	@MockitoBean
	private People people;

	@BeforeEach
	void names() {
		given(this.people.remember(anyString(), anyString())).willReturn(Mono.empty());
	}

	@Test
	void wantsEitherAUserIdOrACode() {
		assertProblem(invite(Map.of("userId", "bob", "code", "ABCDEFGHJK")), 400, "validation");
		assertProblem(invite(Map.of()), 400, "validation");
		verifyNoInteractions(this.invitations, this.codes);
	}

	@Test
	void reportsAMalformedUserIdOrCodeOnItsField() {
		assertThat(assertProblem(invite(Map.of("userId", "b o b")), 400, "validation").path("errors").has("userId"))
			.isTrue();
		assertThat(assertProblem(invite(Map.of("code", "x!")), 400, "validation").path("errors").has("code")).isTrue();
		verifyNoInteractions(this.invitations, this.codes);
	}

	@Test
	void redeemsACodeWhateverItsCase() {
		given(this.codes.redeem("shopper-1", "ABCDEFGHJK"))
			.willReturn(Mono.just(new Friend("alice", "Alice", Instant.EPOCH)));
		invite(Map.of("code", "abcdefghjk")).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("alice");
	}

	@Test
	void answersAUsedDailyAllowanceWithRetryAfter() {
		given(this.codes.create("shopper-1")).willReturn(Mono.error(new DailyLimitReached("invite codes", 10, 3600)));
		WebTestClient.ResponseSpec response = this.web.post()
			.uri("/api/me/invite-codes")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.exchange();
		response.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "3600");
		assertThat(assertProblem(response, 429, "daily-limit-reached").path("limit").asInt()).isEqualTo(10);
	}

	@Test
	void needsAShopper() {
		assertProblem(this.web.get().uri("/api/me/friends").exchange(), 401, "unauthorized");
		assertProblem(this.web.get()
			.uri("/api/me/friends")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("seller-1", "SELLER"))
			.exchange(), 403, "forbidden");
		verifyNoInteractions(this.friendships);
	}

	private WebTestClient.ResponseSpec invite(Map<String, Object> body) {
		return this.web.post()
			.uri("/api/friends/invitations")
			.header(HttpHeaders.AUTHORIZATION, SliceSecurity.bearer("shopper-1", "SHOPPER"))
			.bodyValue(body)
			.exchange();
	}

}
