package dev.agenttracing.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.agenttracing.viewer.ViewerBrowserTestSupport;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace viewer of the running sample app in headless Chromium: the sample starts on a
 * free port of 127.0.0.1 with its own {@code application.yml} (which switches the viewer
 * on) and a temporary trace directory; requests to {@code POST /api/agent/runs} create
 * the sessions. What a run must show is read from its trace file rather than written down
 * here, so that these tests follow the agent's tools and their order as the sample
 * changes. The tests themselves, and the screenshots under
 * {@code target/viewer-screenshots/}, come from {@link ViewerBrowserTestSupport}.
 */
class SampleViewerBrowserTests extends ViewerBrowserTestSupport {

	/**
	 * The requests, oldest first: a ticket that exists, one that is escalated, one that
	 * does not exist.
	 */
	private static final List<Request> REQUESTS = List.of(
			new Request("viewer-invoice", "Ticket #1042: the invoice PDF shows the wrong amount"),
			new Request("viewer-outage", "TCK-1044: our production API answers 503"),
			new Request("viewer-missing", "Ticket #9999: where is my parcel?"));

	/** The session whose run the support's tests open: its ticket lookup fails. */
	private static final String FAILING_SESSION = "viewer-missing";

	/**
	 * More than the coarse clock that stamps a file's modification time can lag: sessions
	 * are listed by it.
	 */
	private static final long FILE_CLOCK_MARGIN_MS = 50;

	@TempDir
	static Path traces;

	private RunningSample sample;

	@BeforeAll
	void startSample() {
		this.sample = RunningSample.start("--server.address=127.0.0.1", "--tracing.jsonl.dir=" + traces);
	}

	@AfterAll
	void stopSample() {
		if (this.sample != null) {
			this.sample.close();
		}
	}

	@Override
	protected String viewerUrl() {
		return "http://127.0.0.1:" + this.sample.context.getEnvironment().getRequiredProperty("local.server.port")
				+ this.sample.context.getEnvironment().getRequiredProperty("tracing.viewer.path");
	}

	@Override
	protected List<String> createSessions() throws Exception {
		List<String> sessions = new ArrayList<>();
		for (Request request : REQUESTS) {
			this.sample.http.run(request.input(), request.session());
			this.sample.flushTraces();
			awaitClockPastLastWrite(traceFile(request.session()));
			sessions.add(request.session());
		}
		return sessions;
	}

	@Override
	protected ExpectedRun expectedRun() {
		TracedRun run = newestRun(FAILING_SESSION);
		assertThat(run.failedToolCalls()).as("failed tool calls of %s", FAILING_SESSION)
			.containsExactly("lookup_ticket");
		Map<String, Object> succeeded = run.completed()
			.stream()
			.filter((line) -> tool(line).get("tool_args") instanceof Map<?, ?> arguments && !arguments.isEmpty())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no completed tool call with arguments in " + FAILING_SESSION));
		return new ExpectedRun(FAILING_SESSION, run.toolCalls(), "lookup_ticket", name(succeeded),
				formattedEntry((Map<?, ?>) tool(succeeded).get("tool_args")));
	}

	@Test
	void everyRequestedRunShowsTheToolCallsOfItsTraceFileWithTheFailedOnesMarked() {
		Set<String> shown = new LinkedHashSet<>();
		for (Request request : REQUESTS) {
			TracedRun run = newestRun(request.session());
			assertThat(run.toolCalls()).as("tool calls in the trace file of %s", request.session()).isNotEmpty();
			this.driver.get(viewerUrl());
			openNewestRun(request.session());
			waitFor((driver) -> toolBars().size() == run.toolCalls().size());
			assertThat(toolBars()).as("tool bars of %s", request.session())
				.extracting((bar) -> bar.getDomAttribute("data-name"))
				.containsExactlyElementsOf(run.toolCalls());
			assertThat(this.driver.findElements(By.cssSelector("#timeline .bar.tool.failed")))
				.as("failed tool bars of %s", request.session())
				.extracting((bar) -> bar.getDomAttribute("data-name"))
				.containsExactlyInAnyOrderElementsOf(run.failedToolCalls());
			toolBars().stream().map((bar) -> bar.getDomAttribute("data-name")).forEach(shown::add);
		}
		assertThat(shown).contains("lookup_ticket", "search_knowledge_base", "escalate");
	}

	@Test
	void theFailedLookupShowsTheTicketItLookedForAndItsError() {
		TracedRun run = newestRun(FAILING_SESSION);
		Map<String, Object> error = run.lines()
			.stream()
			.filter((line) -> "ToolCallError".equals(line.get("event")))
			.findFirst()
			.orElseThrow();
		openNewestRun(FAILING_SESSION);
		click(barSelector("lookup_ticket"));
		waitFor((driver) -> text("#details [data-section=error] pre").contains(String.valueOf(error.get("error"))));
		assertThat(text("#details [data-section=arguments] pre"))
			.contains(formattedEntry((Map<?, ?>) tool(error).get("tool_args")));
		assertThat(text("#details [data-section=error] pre")).contains(String.valueOf(error.get("error_type")));
		WebElement failed = this.driver.findElement(By.cssSelector("#timeline .bar.tool.failed"));
		assertThat(failed.getDomAttribute("data-name")).isEqualTo("lookup_ticket");
	}

	/** The lines of a session's newest run, read from its trace file. */
	private static TracedRun newestRun(String session) {
		List<Map<String, Object>> lines;
		try {
			lines = TraceFiles.readTraceFile(traceFile(session));
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read the trace file of " + session, ex);
		}
		Object runId = lines.stream()
			.filter((line) -> "RunStarted".equals(line.get("event")))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no run in " + traceFile(session)))
			.get("run_id");
		return new TracedRun(lines.stream().filter((line) -> runId.equals(line.get("run_id"))).toList());
	}

	private static Path traceFile(String session) {
		return traces.resolve(session + ".jsonl");
	}

	/**
	 * Waits, a bounded time, until the clock is well past the file's modification time,
	 * so that the next session's file is newer than this one.
	 */
	private static void awaitClockPastLastWrite(Path file) throws IOException, InterruptedException {
		long written = Files.getLastModifiedTime(file).toMillis();
		long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
		while (System.currentTimeMillis() <= written + FILE_CLOCK_MARGIN_MS) {
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError(file + " was modified in the future: " + Files.getLastModifiedTime(file));
			}
			Thread.sleep(5);
		}
	}

	/**
	 * The first entry of a map as the viewer formats it ({@code "ticketId": "TCK-9999"}),
	 * nested values by key only.
	 */
	private static String formattedEntry(Map<?, ?> map) {
		Map.Entry<?, ?> entry = map.entrySet().iterator().next();
		String key = SampleHttp.json(entry.getKey().toString()) + ":";
		Object value = entry.getValue();
		return (value instanceof Map || value instanceof List) ? key : key + " " + SampleHttp.json(value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tool(Map<String, Object> line) {
		return (Map<String, Object>) line.get("tool");
	}

	private static String name(Map<String, Object> line) {
		return String.valueOf(tool(line).get("tool_name"));
	}

	/** A request to the agent. */
	private record Request(String session, String input) {
	}

	/** One run's lines of a trace file. */
	private record TracedRun(List<Map<String, Object>> lines) {

		/**
		 * Its tool calls as the viewer orders them: by start time, calls started at once
		 * in line order.
		 */
		List<String> toolCalls() {
			List<Map<String, Object>> started = new ArrayList<>(ofEvent("ToolCallStarted"));
			started.sort(Comparator.comparing((line) -> Instant.parse(line.get("timestamp").toString())));
			return started.stream().map(SampleViewerBrowserTests::name).toList();
		}

		List<String> failedToolCalls() {
			return ofEvent("ToolCallError").stream().map(SampleViewerBrowserTests::name).toList();
		}

		/** Its tool calls that completed, in the order of the file. */
		List<Map<String, Object>> completed() {
			return ofEvent("ToolCallCompleted");
		}

		private List<Map<String, Object>> ofEvent(String event) {
			return this.lines.stream().filter((line) -> event.equals(line.get("event"))).toList();
		}

	}

}
