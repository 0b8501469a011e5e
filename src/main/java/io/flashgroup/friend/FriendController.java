package io.flashgroup.friend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The friend routes of the shopping circle. Every call remembers the caller's display
 * name first, so friends see the name their token carries now.
 */
@RestController
class FriendController implements ApiRoutes {

	private static final List<String> SHOPPER = List.of("SHOPPER");

	private static final List<String> BASE = List.of("unauthorized", "forbidden", "unavailable");

	private final Invitations invitations;

	private final InviteCodes codes;

	private final Friendships friendships;

	private final People people;

	FriendController(Invitations invitations, InviteCodes codes, Friendships friendships, People people) {
		this.invitations = invitations;
		this.codes = codes;
		this.friendships = friendships;
		this.people = people;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		return List.of(route(HttpMethod.POST, 201, "/api/me/invite-codes", "daily-limit-reached", "rate-limited"),
				route(HttpMethod.POST, 201, "/api/friends/invitations", "validation", "not-found", "self-invite",
						"own-invite-code", "already-friends", "invitation-pending", "blocked", "friend-limit-reached",
						"invite-code-expired", "invite-code-exhausted", "already-redeemed", "daily-limit-reached",
						"rate-limited"),
				route(HttpMethod.GET, 200, "/api/me/invitations"),
				route(HttpMethod.POST, 200, "/api/friends/invitations/{id}/accept", "not-found", "invitation-closed",
						"blocked", "friend-limit-reached", "rate-limited"),
				route(HttpMethod.POST, 200, "/api/friends/invitations/{id}/decline", "not-found", "invitation-closed",
						"rate-limited"),
				route(HttpMethod.GET, 200, "/api/me/friends"),
				route(HttpMethod.DELETE, 204, "/api/friends/{userId}", "rate-limited"),
				route(HttpMethod.POST, 204, "/api/friends/{userId}/block", "self-block", "rate-limited"),
				route(HttpMethod.DELETE, 204, "/api/friends/{userId}/block", "rate-limited"));
	}

	private static ApiRoute route(HttpMethod method, int success, String path, String... problems) {
		List<String> all = new ArrayList<>(BASE);
		all.addAll(List.of(problems));
		return ApiRoute.forRoles(method, success, path, SHOPPER, "SHOPPER", null, all);
	}

	@PostMapping("/api/me/invite-codes")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<InviteCode> createInviteCode(Authentication shopper) {
		return remembered(shopper).then(this.codes.create(shopper.getName()));
	}

	/** By user id: a PENDING {@link Invitation}; by code: the new {@link Friend}. */
	@PostMapping("/api/friends/invitations")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Object> invite(@Valid @RequestBody InvitationRequest request, Authentication shopper) {
		String userId = request.userId();
		String code = request.code();
		if ((userId == null) == (code == null)) {
			return Mono.error(ProblemException.badRequest("Give exactly one of userId and code"));
		}
		Mono<?> done = (userId != null) ? this.invitations.invite(shopper.getName(), userId)
				: this.codes.redeem(shopper.getName(), code.toUpperCase(Locale.ROOT));
		return remembered(shopper).then(done.map(Object.class::cast));
	}

	@GetMapping("/api/me/invitations")
	Mono<Invitation.Pending> invitations(Authentication shopper) {
		return remembered(shopper).then(this.invitations.pending(shopper.getName()));
	}

	@PostMapping("/api/friends/invitations/{id}/accept")
	Mono<Friend> accept(@PathVariable long id, Authentication shopper) {
		return remembered(shopper).then(this.invitations.accept(shopper.getName(), id));
	}

	@PostMapping("/api/friends/invitations/{id}/decline")
	Mono<Invitation> decline(@PathVariable long id, Authentication shopper) {
		return remembered(shopper).then(this.invitations.decline(shopper.getName(), id));
	}

	@GetMapping("/api/me/friends")
	Mono<List<Friend>> friends(Authentication shopper) {
		return remembered(shopper).then(this.friendships.friends(shopper.getName()));
	}

	@DeleteMapping("/api/friends/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> unfriend(@PathVariable String userId, Authentication shopper) {
		return remembered(shopper).then(this.friendships.unfriend(shopper.getName(), userId));
	}

	@PostMapping("/api/friends/{userId}/block")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> block(@PathVariable String userId, Authentication shopper) {
		return remembered(shopper).then(this.friendships.block(shopper.getName(), userId));
	}

	@DeleteMapping("/api/friends/{userId}/block")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> unblock(@PathVariable String userId, Authentication shopper) {
		return remembered(shopper).then(this.friendships.unblock(shopper.getName(), userId));
	}

	/** A daily allowance used up: the problem with {@code Retry-After}. */
	@ExceptionHandler(DailyLimitReached.class)
	ResponseEntity<Object> dailyLimitReached(DailyLimitReached ex) {
		ResponseEntity<Object> problem = Problems.response(ex.status(), ex.type(), ex.getMessage(), ex.properties());
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem.getBody());
	}

	private Mono<Void> remembered(Authentication shopper) {
		return this.people.remember(shopper.getName(), DisplayNames.of(shopper));
	}

	/**
	 * An invitation: exactly one of the two.
	 *
	 * @param userId the shopper to invite (they accept or decline)
	 * @param code an invite code to redeem (friends at once)
	 */
	record InvitationRequest(
			@Nullable @Pattern(regexp = "[A-Za-z0-9._@|-]{1,64}",
					message = "must be 1 to 64 characters [A-Za-z0-9._@|-]") String userId,
			@Nullable @Pattern(regexp = "[A-Za-z0-9]{4,32}",
					message = "must be 4 to 32 letters or digits") String code) {
	}

}
