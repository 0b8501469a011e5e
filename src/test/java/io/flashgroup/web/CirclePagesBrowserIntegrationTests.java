package io.flashgroup.web;

import java.util.Map;

import io.flashgroup.CampaignBodies;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shopping circle in the browser, end to end: a buyer shares a paid order from the
 * shop page, a friend's circle shows the post live, a friend of a friend finds it by a
 * Chinese search term, claims its coupon and pays another order of the shop with it, and
 * the order shows the discount.
 */
class CirclePagesBrowserIntegrationTests extends BrowserTestSupport {

	@Test
	void aPaidOrderIsSharedAFriendSeesItLiveAndAFriendOfAFriendFindsClaimsAndPaysWithIt() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String alice = "circle-alice-" + suffix;
		String bob = "circle-bob-" + suffix;
		String carol = "circle-carol-" + suffix;
		String seller = "circle-seller-" + suffix;
		befriend(alice, bob);
		befriend(bob, carol);
		long earbuds = sale(seller, "降噪蓝牙耳机 Pro", 1999);
		long cable = sale(seller, "USB-C cable", 1200);
		String aliceToken = token(alice, "SHOPPER");
		String aliceOrder = json(purchase(earbuds, aliceToken, 1, "alice-1"), 201).path("id").asString();
		pay(aliceOrder, aliceToken);

		// Bob watches his circle (first tab) while Alice shares from the shop page
		// (second tab).
		signInAs("shopper", bob, "/circle");
		byTestId("feed-empty");
		String bobsTab = browser.getWindowHandle();
		browser.switchTo().newWindow(WindowType.TAB);
		signInAs("shopper", alice, "/");
		click("share-" + aliceOrder);
		byTestId("share-note").sendKeys("Really quiet on the train <b>no html</b>");
		new Select(byTestId("share-rating")).selectByValue("5");
		click("share-confirm");
		byTestId("share-done");
		browser.close();
		browser.switchTo().window(bobsTab);

		// Pushed on circle:me: Bob's page was not reloaded.
		WebElement post = waitFor((d) -> d.findElements(By.cssSelector("[data-testid^='post-title-']"))
			.stream()
			.filter((e) -> e.getText().equals("降噪蓝牙耳机 Pro"))
			.findFirst()
			.orElse(null));
		String postId = post.getAttribute("data-testid").substring("post-title-".length());
		assertThat(text("note-" + postId)).isEqualTo("Really quiet on the train <b>no html</b>");
		assertThat(browser.findElements(By.cssSelector("[data-testid='note-" + postId + "'] b"))).isEmpty();
		screenshot("circle-friend");

		// Carol, a friend of a friend, finds it by a Chinese term, claims it, pays with
		// it.
		signInAs("shopper", carol, "/circle");
		byTestId("search-input").sendKeys("蓝牙耳机");
		byTestId("search-button").click();
		waitForText("post-title-" + postId, "降噪蓝牙耳机 Pro");
		click("claim-" + postId);
		waitForText("claims-left-" + postId, "4");
		WebElement coupon = waitFor((d) -> d.findElements(By.cssSelector("[data-testid^='coupon-status-']"))
			.stream()
			.findFirst()
			.orElse(null));
		assertThat(coupon.getText()).isEqualTo("AVAILABLE");
		screenshot("circle-claimed");

		String carolToken = token(carol, "SHOPPER");
		String carolOrder = json(purchase(cable, carolToken, 1, "carol-1"), 201).path("id").asString();
		signInAs("shopper", carol, "/");
		clickUntil("pay-" + carolOrder,
				(d) -> d.findElements(By.cssSelector("[data-testid='pay-coupon']")).stream().findFirst().orElse(null));
		Select coupons = new Select(byTestId("pay-coupon"));
		waitFor((d) -> coupons.getOptions().size() > 1 ? true : null);
		coupons.selectByIndex(1);
		waitForText("pay-amount", "€7.00");
		click("pay-confirm");
		waitForText("order-status-" + carolOrder, "PAID");
		JsonNode paid = order(carolOrder, carolToken);
		assertThat(paid.path("discount").asLong()).isEqualTo(500);
		assertThat(paid.path("payable").asLong()).isEqualTo(700);
		screenshot("circle-paid-with-coupon");
	}

	private long sale(String seller, String title, long price) {
		Map<String, Object> body = CampaignBodies.flashSale(10, 1);
		body.put("title", title);
		body.put("price", price);
		body.put("shareCoupon", Map.of("discount", Map.of("amount", 500), "minSpend", 1000));
		return create("/api/flash-sales", seller, body);
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
