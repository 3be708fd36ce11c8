package dev.agenttracing.viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser tests of the trace viewer in headless Chromium, against any running application
 * that has the viewer: a subclass gives the viewer's URL, makes the requests that create
 * sessions and says what one of their runs must show. Each test saves a screenshot to
 * {@code target/viewer-screenshots/}. The module's test-jar carries it, so that the
 * sample app's browser tests reuse it.
 *
 * <pre>{@code
 * class SampleAppViewerBrowserTests extends ViewerBrowserTestSupport {
 *     protected String viewerUrl() { return "http://127.0.0.1:" + port + "/agent-traces"; }
 *     protected List<String> createSessions() { ...requests to the sample app...; return List.of("s1", "s2"); }
 *     protected ExpectedRun expectedRun() { return new ExpectedRun("s1", List.of("lookup", "search"), "search", "lookup", "\"id\": 7"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ViewerBrowserTestSupport {

	protected static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");

	protected static final Duration PATIENCE = Duration.ofSeconds(20);

	private @Nullable HeadlessChromium chromium;

	protected WebDriver driver;

	private @Nullable List<String> sessions;

	/** The viewer page, such as {@code http://127.0.0.1:8080/agent-traces}. */
	protected abstract String viewerUrl();

	/**
	 * Sends the requests to the application that create sessions; called once, before the
	 * first test.
	 * @return the ids of the sessions they create, oldest first
	 */
	protected abstract List<String> createSessions() throws Exception;

	/** What the runs of one of those sessions show. */
	protected abstract ExpectedRun expectedRun();

	/**
	 * Signs in, when the viewer asks for it; the browser has just opened the viewer's
	 * URL.
	 */
	protected void signIn(WebDriver driver) {
	}

	/**
	 * A run the tests open.
	 *
	 * @param session the session whose newest run it is
	 * @param toolCalls the tool calls it makes, in order
	 * @param failedToolCall the one that fails
	 * @param toolWithArguments a tool call whose details the tests open
	 * @param argumentsText text its formatted arguments contain
	 */
	public record ExpectedRun(String session, List<String> toolCalls, String failedToolCall, String toolWithArguments,
			String argumentsText) {
	}

	@BeforeAll
	void startBrowser() {
		this.chromium = HeadlessChromium.start();
		this.driver = this.chromium.driver();
	}

	@AfterAll
	void stopBrowser() {
		if (this.chromium != null) {
			this.chromium.close();
		}
	}

	@BeforeEach
	void openViewer() throws Exception {
		if (this.sessions == null) {
			this.sessions = createSessions();
			this.driver.get(viewerUrl());
			signIn(this.driver);
		}
		this.driver.get(viewerUrl());
		waitFor((driver) -> driver.findElement(By.id("sessions")).isDisplayed());
	}

	@AfterEach
	void saveScreenshot(TestInfo test) throws IOException {
		screenshot(test.getTestMethod().map((method) -> method.getName()).orElse("test"));
	}

	/**
	 * Saves what the browser shows to
	 * {@code target/viewer-screenshots/{class}-{name}.png}.
	 */
	protected Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path file = SCREENSHOTS.resolve(getClass().getSimpleName() + "-" + name + ".png");
		Files.write(file, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
		return file;
	}

	@Test
	void sessionListShowsTheSessionsCreatedByRequestsNewestFirst() {
		List<String> created = this.sessions;
		waitFor((driver) -> sessionIds().containsAll(created));
		List<String> newestFirst = new ArrayList<>(created);
		Collections.reverse(newestFirst);
		assertThat(sessionIds().stream().filter(created::contains).toList()).containsExactlyElementsOf(newestFirst);
		String last = created.get(created.size() - 1);
		WebElement filter = this.driver.findElement(By.id("filter"));
		filter.sendKeys(last);
		waitFor((driver) -> sessionIds().equals(List.of(last)));
		filter.clear();
		filter.sendKeys(" ");
		waitFor((driver) -> sessionIds().containsAll(created));
	}

	@Test
	void aRunOpensWithOneBarPerToolCallPlacedByStartTimeAndTheFailedOneMarked() {
		ExpectedRun expected = expectedRun();
		openNewestRun(expected.session());
		waitFor((driver) -> toolBars().size() == expected.toolCalls().size());
		List<WebElement> bars = toolBars();
		assertThat(bars).extracting((bar) -> bar.getDomAttribute("data-name"))
			.containsExactlyElementsOf(expected.toolCalls());
		assertThat(bars).extracting((bar) -> bar.getRect().getX()).isSorted();
		List<WebElement> failed = this.driver.findElements(By.cssSelector("#timeline .bar.tool.failed"));
		assertThat(failed).singleElement()
			.satisfies((bar) -> assertThat(bar.getDomAttribute("data-name")).isEqualTo(expected.failedToolCall()));
		assertThat(failed.get(0).getCssValue("background-image")).contains("repeating-linear-gradient");
		assertThat(this.driver.findElements(By.cssSelector("#timeline .bar.run"))).hasSize(1);
		assertThat(this.driver.findElement(By.cssSelector(".tool-row .fail")).getText()).isEqualTo("✕");
	}

	@Test
	void clickingABarShowsItsArgumentsAndAFailedOnesError() {
		ExpectedRun expected = expectedRun();
		openNewestRun(expected.session());
		waitFor((driver) -> toolBars().size() == expected.toolCalls().size());
		click(barSelector(expected.toolWithArguments()));
		waitFor((driver) -> text("#details [data-section=arguments] pre").contains(expected.argumentsText()));
		assertThat(this.driver.findElement(By.cssSelector("#details h3")).getText())
			.startsWith(expected.toolWithArguments());
		assertThat(this.driver.findElements(By.cssSelector("#details [data-section=result] pre"))).hasSize(1);
		click(barSelector(expected.failedToolCall()));
		waitFor((driver) -> !this.driver.findElements(By.cssSelector("#details [data-section=error] pre")).isEmpty());
		assertThat(text("#details h3")).startsWith(expected.failedToolCall());
		click(barSelector(expected.toolWithArguments()));
		waitFor((driver) -> text("#details [data-section=arguments] pre").contains(expected.argumentsText()));
	}

	/** Opens a session from the list, then its newest run from the table. */
	protected void openNewestRun(String session) {
		click(By.cssSelector("#sessions li.session[data-session='" + session + "'] a"));
		click(By.cssSelector("#runs tbody tr.run"));
		waitFor((driver) -> driver.findElement(By.id("run-view")).isDisplayed()
				&& !driver.findElements(By.cssSelector("#timeline .bar.run")).isEmpty());
	}

	/**
	 * Clicks the first element found, once it is there; again if the page replaced it
	 * meanwhile.
	 */
	protected void click(By selector) {
		waitFor((driver) -> {
			driver.findElement(selector).click();
			return true;
		});
	}

	protected List<String> sessionIds() {
		return this.driver.findElements(By.cssSelector("#sessions li.session"))
			.stream()
			.map((item) -> item.getDomAttribute("data-session"))
			.toList();
	}

	protected List<WebElement> toolBars() {
		return this.driver.findElements(By.cssSelector("#timeline .bar.tool"));
	}

	protected WebElement bar(String name) {
		return this.driver.findElement(barSelector(name));
	}

	protected static By barSelector(String name) {
		return By.cssSelector("#timeline .bar[data-name='" + name + "']");
	}

	protected String text(String selector) {
		List<WebElement> found = this.driver.findElements(By.cssSelector(selector));
		return found.isEmpty() ? "" : found.get(0).getText();
	}

	/**
	 * Waits, a bounded time, until the condition holds; fails with a screenshot
	 * otherwise.
	 */
	protected <T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, PATIENCE, Duration.ofMillis(100)).until((driver) -> {
			try {
				T value = condition.apply(driver);
				return (value instanceof Boolean bool && !bool) ? null : value;
			}
			catch (StaleElementReferenceException | NoSuchElementException ex) {
				return null;
			}
		});
	}

}
