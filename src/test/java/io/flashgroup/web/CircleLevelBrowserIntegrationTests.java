package io.flashgroup.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import io.flashgroup.level.Experience;
import io.flashgroup.level.XpEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My level on /circle: read on sign-in, then moved by the {@code circle:me} push when a
 * share of mine reaches the ledger (the page is not reloaded).
 */
class CircleLevelBrowserIntegrationTests extends BrowserTestSupport {

	@Autowired
	private Experience experience;

	@Autowired
	private TransactionalOperator transaction;

	@Test
	void myLevelShowsOnTheCirclePageAndMovesWhenIShare() {
		String sharer = "level-sharer-" + Long.toString(System.nanoTime(), 36);
		// Fifty XP from ten earlier days: level 1.
		List<XpEvent> earlier = new ArrayList<>();
		long postIds = -System.nanoTime();
		for (int day = 1; day <= 10; day++) {
			earlier.add(XpEvent.share(postIds - day, sharer, Instant.now().minus(Duration.ofDays(day)).toEpochMilli()));
		}
		this.transaction.transactional(this.experience.record(earlier)).block(Duration.ofSeconds(30));

		signInAs("shopper", sharer, "/circle");
		waitForText("my-level-value", "Level 1");
		assertThat(text("my-level-xp")).isEqualTo("50 XP");

		Map<String, Object> body = CampaignBodies.flashSale(10, 1);
		body.put("shareCoupon", Map.of("discount", Map.of("amount", 500)));
		long sale = create("/api/flash-sales", "level-seller", body);
		String token = token(sharer, "SHOPPER");
		String orderId = json(purchase(sale, token, 1, "level-1"), 201).path("id").asString();
		pay(orderId, token);
		json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "level-share")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 5))
			.exchange(), 201);

		waitForText("my-level-xp", "55 XP");
		assertThat(text("my-level-value")).isEqualTo("Level 1");
		screenshot("circle-my-level");
	}

}
