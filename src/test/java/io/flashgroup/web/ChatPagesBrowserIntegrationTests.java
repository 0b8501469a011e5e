package io.flashgroup.web;

import java.time.Duration;
import java.util.Map;

import io.flashgroup.CampaignBodies;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat around a coupon in the browser: a friend opens a post's chat from the feed, the
 * sharer opens it from their own posts, each sees the other's messages arrive live, and a
 * message written as HTML is shown as text without running anything.
 */
class ChatPagesBrowserIntegrationTests extends BrowserTestSupport {

	private static final String INJECTION = "<img src=x onerror=\"window.chatInjected=1\"><b>bold?</b>";

	@Test
	void twoFriendsChatLiveAndHtmlIsShownAsText() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String alice = "chat-alice-" + suffix;
		String bob = "chat-bob-" + suffix;
		befriend(alice, bob);
		long postId = sharedPost(alice);

		// Bob opens the chat from his feed (first tab, 127.0.0.1).
		signInAs("shopper", bob, "/circle");
		byTestId("chat-open-" + postId).click();
		byTestId("chat-title");
		String bobsTab = browser.getWindowHandle();

		// Alice opens it from her own posts in a second tab on another origin
		// (localhost), so each tab keeps its own sign-in.
		browser.switchTo().newWindow(WindowType.TAB);
		String alicesTab = browser.getWindowHandle();
		signInAt("http://localhost:" + this.port, alice, "/circle");
		byTestId("chat-open-" + postId).click();
		byTestId("chat-input").sendKeys("Hi Bob, the coupon is yours if you want it");
		byTestId("chat-send").click();
		waitForText("chat-text-1", "Hi Bob, the coupon is yours if you want it");

		// Pushed to Bob's page, which was not reloaded.
		browser.switchTo().window(bobsTab);
		waitForText("chat-text-1", "Hi Bob, the coupon is yours if you want it");
		assertThat(text("chat-message-1")).contains(alice + " (sharer)");
		byTestId("chat-input").sendKeys(INJECTION);
		byTestId("chat-send").click();
		waitForText("chat-text-2", INJECTION);
		screenshot("chat-friend");

		browser.switchTo().window(alicesTab);
		waitForText("chat-text-2", INJECTION);
		assertThat(text("chat-message-2")).startsWith(bob);
		assertThat(browser.findElements(By.cssSelector("[data-testid='chat-messages'] img"))).isEmpty();
		assertThat(browser.findElements(By.cssSelector("[data-testid='chat-messages'] b"))).isEmpty();
		assertThat(((JavascriptExecutor) browser).executeScript("return window.chatInjected === undefined"))
			.isEqualTo(true);
		screenshot("chat-sharer");
		browser.close();
		browser.switchTo().window(bobsTab);
		assertThat(((JavascriptExecutor) browser).executeScript("return window.chatInjected === undefined"))
			.isEqualTo(true);
	}

	/** Signs in on another origin than {@link #open}: its own localStorage. */
	private void signInAt(String origin, String userId, String path) {
		browser.get(origin + path);
		((JavascriptExecutor) browser).executeScript(
				"localStorage.setItem('flashgroup.tokens', JSON.stringify({shopper: {userId: arguments[0], token: arguments[1]}}));",
				userId, token(userId, "SHOPPER"));
		browser.get(origin + path);
	}

	/** The author buys, pays and shares; the post id once the circle flusher wrote it. */
	private long sharedPost(String author) {
		Map<String, Object> body = CampaignBodies.flashSale(10, 1);
		body.put("title", "Trail shoes");
		body.put("shareCoupon", Map.of("discount", Map.of("amount", 500)));
		long sale = create("/api/flash-sales", "chat-seller-" + author, body);
		String token = token(author, "SHOPPER");
		String orderId = json(purchase(sale, token, 1, "chat-buy"), 201).path("id").asString();
		pay(orderId, token);
		long postId = json(client().post()
			.uri("/api/circle/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "chat-share")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("orderId", orderId, "rating", 5, "note", "Light and grippy"))
			.exchange(), 201).path("id").asLong();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.db.sql("SELECT 1 FROM circle_posts WHERE id = $1")
				.bind(0, postId)
				.map((row) -> 1)
				.first()
				.blockOptional(Duration.ofSeconds(10))
				.isPresent());
		return postId;
	}

	/** Makes two shoppers friends through the API: an invitation, accepted. */
	private void befriend(String inviter, String invitee) {
		JsonNode invitation = json(client().post()
			.uri("/api/friends/invitations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(inviter, "SHOPPER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("userId", invitee))
			.exchange(), 201);
		json(client().post()
			.uri("/api/friends/invitations/{id}/accept", invitation.path("id").asLong())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(invitee, "SHOPPER"))
			.exchange(), 200);
	}

}
