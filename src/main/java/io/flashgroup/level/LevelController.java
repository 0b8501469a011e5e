package io.flashgroup.level;

import java.util.List;

import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in shopper's level. */
@RestController
class LevelController implements ApiRoutes {

	private final Levels levels;

	LevelController(Levels levels) {
		this.levels = levels;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		return List.of(ApiRoute.forRoles(HttpMethod.GET, 200, "/api/me/level", List.of("SHOPPER"), "SHOPPER", null,
				List.of("unauthorized", "forbidden", "unavailable")));
	}

	@GetMapping("/api/me/level")
	Mono<MyLevel> mine(Authentication shopper) {
		return this.levels.standing(shopper.getName());
	}

}
