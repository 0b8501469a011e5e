package io.flashgroup.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A giveaway on the circle page: its entrant count moves live as shoppers enter, the
 * shopper enters with the button, and after the close the page shows the seed, its hash,
 * the winners and how to verify.
 */
class GiveawayPageBrowserIntegrationTests extends BrowserTestSupport {

	@Test
	void aShopperEntersAGiveawayAndSeesTheCountMoveThenTheVerifiableDraw() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String shopper = "gift-alice-" + suffix;
		String other = "gift-bob-" + suffix;
		String otherToken = token(other, "SHOPPER");
		signInAs("shopper", shopper, "/circle");
		long id = giveaway("gift-seller-" + suffix, Duration.ofSeconds(15));
		open("/circle");
		waitForText("giveaway-entrants-" + id, "0");

		// Another shopper enters: the count moves without a reload.
		client().post()
			.uri("/api/giveaways/{id}/entries", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + otherToken)
			.exchange()
			.expectStatus()
			.isCreated();
		waitForText("giveaway-entrants-" + id, "1");

		click("giveaway-enter-" + id);
		byTestId("giveaway-entered-" + id);
		waitForText("giveaway-entrants-" + id, "2");
		screenshot("giveaway-entered");

		// The draw at close arrives live: seed, hash, winners, how to verify.
		new WebDriverWait(browser, Duration.ofSeconds(40))
			.until((d) -> !text("giveaway-seed-" + id).isEmpty() ? true : null);
		String seedHash = text("giveaway-seed-hash-" + id);
		assertThat(seedHash).matches("[0-9a-f]{64}");
		assertThat(text("giveaway-winners-" + id)).isNotEmpty();
		assertThat(text("giveaway-verify-" + id)).contains("DrawVerifier.java");
		scrollTo("giveaway-result-" + id);
		screenshot("giveaway-drawn");
	}

	private long giveaway(String seller, Duration closesIn) {
		Map<String, Object> body = Map.of("sku", "SKU-GIFT", "title", "Noise-cancelling earbuds", "winners", 1,
				"opensAt", Instant.now().minusSeconds(60).toString(), "closesAt",
				Instant.now().plus(closesIn).toString());
		return json(client().post()
			.uri("/api/giveaways")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 201).path("id").asLong();
	}

}
