package io.flashgroup.giveaway;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.flashgroup.security.Roles;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.ProblemException;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The giveaway routes. Entering needs no Idempotency-Key: an entry is unique per shopper
 * and giveaway, so a retry (with or without a key) answers the same entry.
 */
@RestController
class GiveawayController implements ApiRoutes {

	private static final List<String> BASE = List.of("unauthorized", "forbidden", "unavailable");

	private final Giveaways giveaways;

	private final Prizes prizes;

	GiveawayController(Giveaways giveaways, Prizes prizes) {
		this.giveaways = giveaways;
		this.prizes = prizes;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		return List.of(
				route(HttpMethod.POST, 201, "/api/giveaways", List.of("SELLER", "OPS"),
						"SELLER (their own) or OPS (the platform's)", "create", "validation", "rate-limited"),
				ApiRoute.open(HttpMethod.GET, "/api/giveaways", List.of("validation", "unavailable")),
				ApiRoute.open(HttpMethod.GET, "/api/giveaways/{id}", List.of("not-found", "unavailable")),
				route(HttpMethod.POST, 201, "/api/giveaways/{id}/entries", List.of("SHOPPER"), "SHOPPER", null,
						"not-found", "giveaway-closed", "level-too-low", "rate-limited"),
				route(HttpMethod.POST, 200, "/api/giveaways/{id}/prize", List.of("SHOPPER"), "a winner (SHOPPER)", null,
						"not-found", "not-a-winner", "prize-lapsed", "rate-limited"));
	}

	private static ApiRoute route(HttpMethod method, int success, String path, List<String> roles, String who,
			@Nullable String limit, String... problems) {
		List<String> all = new ArrayList<>(BASE);
		all.addAll(List.of(problems));
		return ApiRoute.forRoles(method, success, path, roles, who, limit, all);
	}

	/** A caller holding SELLER creates their own giveaway; OPS alone, the platform's. */
	@PostMapping("/api/giveaways")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<GiveawayView> create(@Valid @RequestBody CreateGiveaway request, Authentication user) {
		boolean seller = user.getAuthorities().stream().anyMatch((a) -> "ROLE_SELLER".equals(a.getAuthority()));
		String sellerId = (seller || !Roles.isOps(user)) ? user.getName() : null;
		return this.giveaways.create(request, sellerId, user.getName()).map(GiveawayView::of);
	}

	@GetMapping("/api/giveaways")
	Mono<List<GiveawayView>> list(@RequestParam(defaultValue = "OPEN") String status) {
		if (!"OPEN".equals(status) && !"DRAWN".equals(status)) {
			return Mono.error(ProblemException.invalidField("status", "must be OPEN or DRAWN"));
		}
		return this.giveaways.list(status);
	}

	/** Anyone; with a token, also the caller's entry and prize. */
	@GetMapping("/api/giveaways/{id}")
	Mono<GiveawayView> giveaway(@PathVariable long id, ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(Authentication.class::isInstance)
			.filter((principal) -> ((Authentication) principal).isAuthenticated())
			.map(Principal::getName)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((caller) -> this.giveaways.view(id, caller.orElse(null)));
	}

	/** 201 with the new entry; 200 with the same entry when the shopper had entered. */
	@PostMapping("/api/giveaways/{id}/entries")
	Mono<ResponseEntity<Entered>> enter(@PathVariable long id, Authentication shopper) {
		return this.giveaways.enter(id, shopper.getName())
			.map((entry) -> ResponseEntity.status(entry.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(entry.entered()));
	}

	@PostMapping("/api/giveaways/{id}/prize")
	Mono<Prize> claimPrize(@PathVariable long id, Authentication shopper) {
		return this.prizes.claim(id, shopper.getName());
	}

}
