package dev.agenttracing.viewer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer in headless Chromium against {@link ViewerTestApplication} running on a
 * random port of 127.0.0.1 with Spring Security: the browser logs in through the
 * application's login form as a user with the viewer's role, then finds the sessions that
 * HTTP requests to the agent created.
 */
class ViewerBrowserTests extends ViewerBrowserTestSupport {

	private static final List<String> SESSIONS = List.of("browser-alice", "browser-bob", "browser-carol");

	@TempDir
	static Path traces;

	private ConfigurableApplicationContext context;

	private String root;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	void startApplication() {
		this.context = ViewerTestApplication.start(traces);
		this.root = ViewerTestApplication.rootUrl(this.context);
	}

	@AfterAll
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Override
	protected String viewerUrl() {
		return this.root + "/agent-traces";
	}

	@Override
	protected List<String> createSessions() throws Exception {
		for (String session : SESSIONS) {
			assertThat(ask(session, "Where is my refund?").statusCode()).isEqualTo(200);
			// the file is written by the exporter's own thread: the next session starts
			// after it
			awaitLine(session, "RunCompleted");
		}
		return SESSIONS;
	}

	@Override
	protected ExpectedRun expectedRun() {
		return new ExpectedRun("browser-alice", List.of("lookup_ticket", "search_kb", "escalate"), "escalate",
				"search_kb", "\"limit\": 3");
	}

	@Override
	protected void signIn(WebDriver driver) {
		waitFor((browser) -> browser.getCurrentUrl().endsWith("/login"));
		driver.findElement(By.id("username")).sendKeys("viewer");
		driver.findElement(By.id("password")).sendKeys(ViewerTestApplication.PASSWORD);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor((browser) -> browser.getCurrentUrl().startsWith(viewerUrl()));
	}

	@Test
	void aRunInProgressShowsAsRunningAndUpdatesWithoutAReload() throws Exception {
		CompletableFuture<HttpResponse<String>> slow = this.client
			.sendAsync(HttpRequest.newBuilder(URI.create(this.root + "/agent/slow?user=browser-live"))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
		try {
			awaitLine("browser-live", "ToolCallStarted\",\"timestamp\"");
			openNewestRun("browser-live");
			waitFor((driver) -> text("#run-status .badge").equals("running")
					&& !driver.findElements(By.cssSelector("#timeline .bar.tool.running[data-name=wait_for_approval]"))
						.isEmpty());
			waitFor((driver) -> "ok".equals(bar("lookup_ticket").getDomAttribute("data-status")));
			((JavascriptExecutor) this.driver).executeScript("window.notReloaded = true;");
			screenshot("aRunInProgressShowsAsRunning");
		}
		finally {
			this.context.getBean(ViewerTestApplication.TicketTools.class).approve();
		}
		assertThat(slow.get(30, TimeUnit.SECONDS).body()).endsWith("approved");
		waitFor((driver) -> text("#run-status .badge").equals("completed")
				&& "ok".equals(bar("wait_for_approval").getDomAttribute("data-status")));
		assertThat(((JavascriptExecutor) this.driver).executeScript("return window.notReloaded === true;"))
			.isEqualTo(true);
		waitFor((driver) -> text("#runs tbody tr.run.selected").contains("completed"));
	}

	@Test
	void showsModelCallsAsBarsWithTheirUsageReasoningAsMarkersAndReportsAMalformedLine() throws Exception {
		Instant t0 = Instant.now().minusSeconds(5);
		String run = "run-with-model-calls";
		new TraceLines("browser-model-calls")
			.line("RunStarted", t0, run, "span_run", "agent_name", "Planner", "model", "gpt-5-mini", "run_input",
					TraceLines.map("input_content", "Plan a trip to Lyon"))
			.line("ReasoningStep", t0.plusMillis(20), run, "span_rs", "parent_span_id", "span_run", "content",
					"Ask the model for a plan, then check the trains", "content_type", "str")
			.line("ModelCallStarted", t0.plusMillis(40), run, "span_m1", "parent_span_id", "span_run", "model_call",
					TraceLines.map("model", "gpt-5-mini", "provider", "openai", "input", "Plan a trip to Lyon"))
			.line("ModelCallCompleted", t0.plusMillis(640), run, "span_m1", "parent_span_id", "span_run", "model_call",
					TraceLines.map("model", "gpt-5-mini", "provider", "openai", "input", "Plan a trip to Lyon",
							"output", "Take the train on Friday", "finish_reason", "stop", "usage",
							TraceLines.map("input_tokens", 812, "output_tokens", 96, "total_tokens", 908),
							"duration_ms", 600.0))
			.line("ToolCallStarted", t0.plusMillis(650), run, "span_t1", "parent_span_id", "span_run", "tool",
					TraceLines.map("tool_call_id", "call_1", "tool_name", "find_trains", "tool_args",
							TraceLines.map("to", "Lyon", "day", "Friday"), "tool_call_error", false))
			.line("ToolCallCompleted", t0.plusMillis(900), run, "span_t1", "parent_span_id", "span_run", "tool",
					TraceLines.map("tool_call_id", "call_1", "tool_name", "find_trains", "tool_args",
							TraceLines.map("to", "Lyon", "day", "Friday"), "tool_call_error", false, "duration_ms",
							250.0, "result", List.of("08:04", "10:04")))
			.line("ModelCallStarted", t0.plusMillis(910), run, "span_m2", "parent_span_id", "span_run", "model_call",
					TraceLines.map("model", "gpt-5-mini", "provider", "openai", "input", "Write the answer"))
			.line("ModelCallError", t0.plusMillis(1310), run, "span_m2", "parent_span_id", "span_run", "model_call",
					TraceLines.map("model", "gpt-5-mini", "provider", "openai", "input", "Write the answer",
							"duration_ms", 400.0),
					"error", "rate limited", "error_type", "RateLimitException")
			.line("RunContent", t0.plusMillis(1320), run, "span_run", "content", "Take the 08:04 train", "content_type",
					"str")
			.line("RunCompleted", t0.plusMillis(1330), run, "span_run", "agent_name", "Planner", "content",
					"Take the 08:04 train", "metrics",
					TraceLines.map("input_tokens", 812, "output_tokens", 96, "total_tokens", 908, "duration", 1.33))
			.raw("{\"event\": \"RunStarted\", \"run_id\": ")
			.appendTo(traces.resolve("browser-model-calls.jsonl"));
		openNewestRun("browser-model-calls");
		assertThat(text("#malformed .malformed-line[data-line='11']")).startsWith("line 11: malformed JSON");
		waitFor((driver) -> driver.findElements(By.cssSelector("#timeline .bar.model")).size() == 2);
		assertThat(this.driver.findElements(By.cssSelector("#timeline .bar.model.failed"))).hasSize(1);
		assertThat(toolBars()).hasSize(1);
		assertThat(text("#runs tbody tr.run.selected .tokens")).isEqualTo("908 (812 in / 96 out)");
		click(By.cssSelector("#timeline .bar.model:not(.failed)"));
		waitFor((driver) -> text("#details [data-section=usage] pre").contains("\"total_tokens\": 908"));
		assertThat(text("#details [data-section=arguments] pre")).isEqualTo("Plan a trip to Lyon");
		assertThat(text("#details [data-section=result] pre")).isEqualTo("Take the train on Friday");
		click(By.cssSelector("#timeline .marker.reasoning"));
		waitFor((driver) -> text("#details [data-section=content] pre").contains("then check the trains"));
	}

	@Test
	void showsTheCallerOfARunAndTheMcpAttributesOfAToolCall() throws Exception {
		Instant t0 = Instant.now().minusSeconds(5);
		String run = "run-served-over-mcp";
		Map<String, Object> tool = TraceLines.map("tool_call_id", "call_7", "tool_name", "get_weather", "tool_args",
				TraceLines.map("city", "Paris"), "tool_call_error", false, "attributes",
				TraceLines.map("mcp.method.name", "tools/call", "mcp.session.id", "5f0c9a"));
		new TraceLines("browser-mcp")
			.line("RunStarted", t0, run, "span_run", "agent_name", "weather-server", "run_input",
					TraceLines.map("input_content", TraceLines.map("city", "Paris")), "parent",
					TraceLines.map("otel_trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "run_id", "run_caller"))
			.line("ToolCallStarted", t0.plusMillis(5), run, "span_t1", "parent_span_id", "span_run", "tool", tool)
			.line("ToolCallCompleted", t0.plusMillis(25), run, "span_t1", "parent_span_id", "span_run", "tool", tool)
			.line("RunCompleted", t0.plusMillis(30), run, "span_run", "agent_name", "weather-server", "content",
					"sunny", "metrics", TraceLines.map("duration", 0.03))
			.appendTo(traces.resolve("browser-mcp.jsonl"));
		openNewestRun("browser-mcp");
		waitFor((driver) -> toolBars().size() == 1);
		click(By.cssSelector("#timeline .bar.run"));
		waitFor((driver) -> text("#details [data-section=parent] pre").contains("\"run_id\": \"run_caller\""));
		click(By.cssSelector("#timeline .bar.tool"));
		waitFor((driver) -> text("#details [data-section=attributes] pre").contains("\"mcp.session.id\": \"5f0c9a\""));
	}

	@Test
	void showsTheCostOfEachPricedRunAndTheTotalOfItsSession() throws Exception {
		Instant t0 = Instant.now().minusSeconds(5);
		TraceLines lines = new TraceLines("browser-costs");
		String[] runs = { "run-cost-1", "run-cost-2" };
		double[] costs = { 0.0024, 0.0012 };
		for (int i = 0; i < runs.length; i++) {
			Instant at = t0.plusMillis(100L * i);
			lines
				.line("RunStarted", at, runs[i], "span_r" + i, "agent_name", "Planner", "run_input",
						TraceLines.map("input_content", "Plan trip " + i))
				.line("ModelCallCompleted", at.plusMillis(40), runs[i], "span_m" + i, "parent_span_id", "span_r" + i,
						"model_call",
						TraceLines.map("model", "gpt-4o-mini", "provider", "openai", "usage",
								TraceLines.map("input_tokens", 1000, "output_tokens", 100, "total_tokens", 1100, "cost",
										costs[i]),
								"duration_ms", 30.0))
				.line("RunCompleted", at.plusMillis(50), runs[i], "span_r" + i, "agent_name", "Planner", "content",
						"done", "metrics", TraceLines.map("input_tokens", 1000, "output_tokens", 100, "total_tokens",
								1100, "cost", costs[i], "duration", 0.05));
		}
		lines.appendTo(traces.resolve("browser-costs.jsonl"));
		waitFor((driver) -> !driver.findElements(By.cssSelector("#sessions li.session[data-session='browser-costs']"))
			.isEmpty());
		assertThat(text("#sessions li.session[data-session='browser-costs'] .cost")).isEqualTo("0.0036 USD");
		openNewestRun("browser-costs");
		assertThat(text("#session-meta")).endsWith("total cost 0.0036 USD");
		assertThat(text("#runs tbody tr.run[data-run='run-cost-2'] .tokens .cost")).isEqualTo("0.0012 USD");
		assertThat(text("#runs tbody tr.run[data-run='run-cost-1'] .tokens .cost")).isEqualTo("0.0024 USD");
		waitFor((driver) -> text("#run-meta").contains("cost 0.0012 USD"));
	}

	private HttpResponse<String> ask(String user, String question) throws Exception {
		return this.client.send(
				HttpRequest
					.newBuilder(URI.create(this.root + "/agent/ask?user=" + user + "&question="
							+ URLEncoder.encode(question, StandardCharsets.UTF_8)))
					.timeout(Duration.ofSeconds(30))
					.build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** Waits, a bounded time, until the session's file has a line containing the text. */
	private void awaitLine(String session, String text) throws Exception {
		Path file = traces.resolve(session + ".jsonl");
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!(Files.exists(file) && Files.readString(file).contains(text))) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No line with " + text + " in " + file + " after " + PATIENCE);
			}
			Thread.sleep(20);
		}
	}

}
