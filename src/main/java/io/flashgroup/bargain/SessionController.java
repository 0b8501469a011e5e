package io.flashgroup.bargain;

import java.net.URI;

import io.flashgroup.security.DisplayNames;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bargain session's routes: anyone reads it, friends cut, its owner buys (paid through
 * the order payment endpoint).
 */
@RestController
@RequestMapping("/api/bargain-sessions/{sessionId}")
class SessionController {

	private final BargainService bargains;

	SessionController(BargainService bargains) {
		this.bargains = bargains;
	}

	@GetMapping
	Mono<Session.View> session(@PathVariable String sessionId) {
		return this.bargains.session(sessionId);
	}

	@PostMapping("/cuts")
	Mono<ResponseEntity<BargainService.CutResult>> cut(@PathVariable String sessionId, Authentication helper) {
		return this.bargains.cut(sessionId, helper.getName(), DisplayNames.of(helper))
			.map((cut) -> ResponseEntity.status(HttpStatus.CREATED).body(cut));
	}

	@PostMapping("/purchase")
	Mono<ResponseEntity<BargainService.Purchase>> purchase(@PathVariable String sessionId, Authentication owner) {
		return this.bargains.purchase(sessionId, owner.getName())
			.map((purchase) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + purchase.value().order().id()))
				.header("Idempotent-Replayed", Boolean.toString(purchase.replayed()))
				.body(purchase.value()));
	}

}
