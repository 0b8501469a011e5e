package io.flashgroup.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the pages in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the whole server with real Redis and PostgreSQL.
 * Without Chromium the browser tests are skipped with a message; with {@code CI=true}
 * they fail instead, since CI installs it.
 */
abstract class BrowserTestSupport extends IntegrationTestSupport {

	private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/usr/bin/google-chrome");

	private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	static WebDriver browser;

	private static Path profile;

	@BeforeAll
	static void startBrowser() throws IOException {
		String binary = firstExecutable(BROWSERS);
		String driver = firstExecutable(DRIVERS);
		if (binary == null || driver == null) {
			String message = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver): "
					+ "browser tests skipped";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(message.replace("skipped", "cannot run, and CI must run them"));
			}
			Assumptions.abort(message);
		}
		profile = Files.createTempDirectory("flashgroup-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(binary)
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=412,915", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	private static String firstExecutable(List<String> candidates) {
		return candidates.stream().filter((c) -> Files.isExecutable(Path.of(c))).findFirst().orElse(null);
	}

	void open(String path) {
		browser.get("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Signs the page in as {@code userId} in {@code role} with a dev token, then reloads
	 * it.
	 */
	void signInAs(String role, String userId, String path) {
		open(path);
		String token = token(userId, role.toUpperCase(java.util.Locale.ROOT));
		((JavascriptExecutor) browser).executeScript(
				"localStorage.setItem('flashgroup.tokens', JSON.stringify({[arguments[0]]: {userId: arguments[1], token: arguments[2]}}));",
				role, userId, token);
		open(path);
	}

	/** The element, once the page's scripts have rendered it. */
	static WebElement byTestId(String id) {
		return waitFor(
				(d) -> d.findElements(By.cssSelector("[data-testid='" + id + "']")).stream().findFirst().orElse(null));
	}

	/** The element's text, or "" while it is absent or being re-rendered. */
	static String text(String testId) {
		try {
			List<WebElement> found = browser.findElements(By.cssSelector("[data-testid='" + testId + "']"));
			return found.isEmpty() ? "" : found.get(0).getText();
		}
		catch (StaleElementReferenceException ex) {
			return "";
		}
	}

	/** Opens the page signed out of every role. */
	void openSignedOut(String path) {
		open(path);
		((JavascriptExecutor) browser).executeScript("localStorage.clear();");
		open(path);
	}

	static <T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
	}

	static void waitForText(String testId, String expected) {
		waitFor((d) -> text(testId).equals(expected) ? true : null);
	}

	/**
	 * Clicks the element once it is on screen and not covered: pages re-render (the
	 * orders table every few seconds), so a click may meet a replaced or covered button
	 * and is retried.
	 */
	static void click(String testId) {
		waitFor((d) -> tryClick(testId) ? true : null);
	}

	/**
	 * Clicks until the click shows its effect. The orders table is rebuilt when its rows
	 * change (the campaigns' titles arrive just after the page loads): a rebuild between
	 * the click's mousedown and mouseup swallows the click without an error, so one that
	 * shows nothing within a few seconds is repeated.
	 */
	static <T> T clickUntil(String testId, Function<WebDriver, T> effect) {
		return waitFor((d) -> {
			if (!tryClick(testId)) {
				return null;
			}
			try {
				return new WebDriverWait(d, Duration.ofSeconds(3)).until(effect);
			}
			catch (TimeoutException ex) {
				return null;
			}
		});
	}

	private static boolean tryClick(String testId) {
		try {
			scrollTo(testId);
			byTestId(testId).click();
			return true;
		}
		catch (ElementClickInterceptedException | StaleElementReferenceException ex) {
			return false;
		}
	}

	/** Scrolls the element into the middle of the screen, e.g. before a screenshot. */
	static void scrollTo(String testId) {
		((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});",
				byTestId(testId));
	}

	static void screenshot(String name) {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		try {
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
