package io.flashgroup.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class ShopperPagesBrowserIntegrationTests extends BrowserTestSupport {

	@Test
	void theCountdownFlipsToLiveStockDropsAndABoughtOrderIsPaid() {
		Instant now = Instant.now();
		long saleId = createSale("browser-seller", 10, 2, now.plusSeconds(12), now.plusSeconds(3600),
				Duration.ofMinutes(10));
		openSignedOut("/");
		new Select(byTestId("user-picker")).selectByValue("alice");
		byTestId("sign-in").click();
		waitForText("signed-in-as", "Signed in as alice");

		waitForText("status-" + saleId, "SCHEDULED");
		String first = waitFor(
				(d) -> text("countdown-" + saleId).startsWith("starts in") ? text("countdown-" + saleId) : null);
		waitFor((d) -> !text("countdown-" + saleId).equals(first) ? true : null);
		screenshot("shopper-countdown");
		waitForText("status-" + saleId, "LIVE");
		assertThat(text("countdown-" + saleId)).startsWith("ends in");

		json(purchase(saleId, token("browser-bob", "SHOPPER"), 1, "bob-1"), 201);
		waitForText("stock-" + saleId, "9");

		byTestId("buy-" + saleId).click();
		WebElement status = waitFor((d) -> d.findElements(By.cssSelector("[data-testid^='order-status-']"))
			.stream()
			.findFirst()
			.orElse(null));
		String orderId = status.getAttribute("data-testid").substring("order-status-".length());
		assertThat(status.getText()).isEqualTo("RESERVED");
		waitFor((d) -> text("payby-" + orderId).startsWith("pay within") ? true : null);
		waitForText("stock-" + saleId, "8");
		scrollTo("order-status-" + orderId);
		screenshot("shopper");

		byTestId("pay-" + orderId).click();
		waitFor((d) -> byTestId("pay-amount").getText().equals("€19.99") ? true : null);
		scrollTo("pay-confirm");
		byTestId("pay-confirm").click();
		waitForText("order-status-" + orderId, "PAID");
	}

	@Test
	void afterALostConnectionThePageReconnectsAndCatchesUp() {
		long saleId = liveSale(10, 2);
		signInAs("shopper", "browser-reconnect", "/");
		waitForText("stock-" + saleId, "10");
		waitForText("live-status", "live");

		((org.openqa.selenium.JavascriptExecutor) browser)
			.executeScript("window.flashgroup.live.connections.forEach((c) => c.socket.close());");
		json(purchase(saleId, token("browser-while-away", "SHOPPER"), 2, "away"), 201);
		// The new connection subscribes again, and the snapshot brings what was missed.
		waitForText("live-status", "live");
		waitForText("stock-" + saleId, "8");
		json(purchase(saleId, token("browser-after", "SHOPPER"), 1, "after"), 201);
		waitForText("stock-" + saleId, "7");
	}

	@Test
	void aSellerCreatesASaleThroughTheFormSeesItInTheShopAndReadsTheServersProblems() {
		String title = "Browser sale " + System.nanoTime();
		signInAs("seller", "seller-browser", "/seller");
		byTestId("create-form").findElement(By.name("title")).clear();
		byTestId("create-form").findElement(By.name("title")).sendKeys(title);
		setValue("startsAt", "2020-01-01T00:00:00");
		byTestId("create").click();
		waitFor((d) -> text("form-result").startsWith("Created " + title) ? true : null);
		screenshot("seller");

		setValue("endsAt", "2019-12-31T00:00:00");
		byTestId("create").click();
		waitForText("error-endsAt", "must be after startsAt");
		assertThat(fieldOf("error-endsAt")).isEqualTo("endsAt");
		scrollTo("form-problem");
		screenshot("seller-problem");

		new Select(byTestId("kind")).selectByValue("GROUP_BUY");
		setValue("endsAt", "2030-01-01T00:00:00");
		setValue("groupSize", "3");
		setValue("minRealMembers", "3");
		setValue("leaderPrice", "99.00");
		byTestId("create").click();
		waitForText("error-virtualFill.minRealMembers", "must be below groupSize (3)");
		assertThat(fieldOf("error-virtualFill.minRealMembers")).isEqualTo("minRealMembers");
		waitForText("error-leaderPrice", "must not be above groupPrice (1990)");
		assertThat(fieldOf("error-leaderPrice")).isEqualTo("leaderPrice");
		setValue("groupSize", "2.5");
		byTestId("create").click();
		waitForText("error-groupSize", "must be an integer");

		signInAs("shopper", "browser-carol", "/");
		waitFor((d) -> d.findElements(By.xpath("//h3[text()='" + title + "']")).isEmpty() ? null : true);
	}

	@Test
	void theGroupPageUpdatesWhenAnotherShopperJoins() {
		long campaignId = groupBuy();
		JsonNode opened = json(client().post()
			.uri("/api/group-buys/{id}/groups", campaignId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-leader", "SHOPPER"))
			.header("Idempotency-Key", "open")
			.exchange(), 201);
		String groupId = opened.path("group").path("id").asString();
		signInAs("shopper", "browser-watcher", "/g/" + groupId);
		waitForText("members-count", "1");
		waitForText("seats-left", "2");

		json(client().post()
			.uri("/api/groups/{id}/members", groupId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-friend", "SHOPPER"))
			.header("Idempotency-Key", "join")
			.exchange(), 201);
		waitForText("members-count", "2");
		waitForText("seats-left", "1");
		assertThat(text("members")).contains("browser-friend");
		screenshot("group");

		byTestId("join").click();
		waitForText("members-count", "3");
		waitForText("group-status", "OPEN");
	}

	@Test
	void theBargainPageShowsEveryCutAndTheOpsDashboardItsCounters() {
		Instant now = Instant.now();
		long bargainId = json(client().post()
			.uri("/api/bargains")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.ofEntries(Map.entry("sku", "B"), Map.entry("title", "Browser bargain"),
					Map.entry("currency", "EUR"), Map.entry("listPrice", 10_000), Map.entry("floorPrice", 5_000),
					Map.entry("helpersNeeded", 3), Map.entry("sessionTtl", "PT1H"), Map.entry("stock", 5),
					Map.entry("startsAt", now.minusSeconds(5).toString()),
					Map.entry("endsAt", now.plusSeconds(3600).toString())))
			.exchange(), 201).path("id").asLong();
		String sessionId = json(client().post()
			.uri("/api/bargains/{id}/sessions", bargainId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-owner", "SHOPPER"))
			.exchange(), 201).path("id").asString();
		signInAs("shopper", "browser-helper", "/b/" + sessionId);
		waitForText("cuts-left", "3");
		json(client().post()
			.uri("/api/bargain-sessions/{id}/cuts", sessionId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-other-helper", "SHOPPER"))
			.exchange(), 201);
		waitForText("cuts-left", "2");
		byTestId("cut").click();
		waitForText("cuts-left", "1");
		assertThat(browser.findElements(By.cssSelector("[data-testid='cuts'] li"))).hasSize(2);
		screenshot("bargain");

		json(purchase(liveSale(5, 1), token("browser-ops-buyer", "SHOPPER"), 1, "ops"), 201);
		openSignedOut("/ops");
		assertThat(text("metrics")).contains("Sign in as ops");
		signInAs("ops", "browser-ops", "/ops");
		waitFor((d) -> text("live-sessions-value").isEmpty() ? null : true);
		assertThat(Integer.parseInt(text("live-sessions-value"))).isPositive();
		waitFor((d) -> text("outcomes").contains("reserved") ? true : null);
		// A few readings, so the charts have lines.
		waitFor((d) -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
			.executeScript("const p = document.querySelector('[data-testid=live-sessions] polyline');"
					+ " return p ? p.getAttribute('points').split(' ').length : 0;"))
			.intValue() >= 3 ? true : null);
		screenshot("ops");
	}

	private long groupBuy() {
		Instant now = Instant.now();
		return json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("browser-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "G", "title", "Browser group", "currency", "EUR", "groupPrice", 1000, "groupSize",
					3, "groupTtl", "PT30M", "stock", 10, "startsAt", now.minusSeconds(5).toString(), "endsAt",
					now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
	}

	/** The name of the input a field's error message sits right after. */
	private static String fieldOf(String errorTestId) {
		return (String) ((org.openqa.selenium.JavascriptExecutor) browser)
			.executeScript("return arguments[0].previousElementSibling.name;", byTestId(errorTestId));
	}

	private static void setValue(String field, String value) {
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
				byTestId("create-form").findElement(By.name(field)), value);
	}

}
