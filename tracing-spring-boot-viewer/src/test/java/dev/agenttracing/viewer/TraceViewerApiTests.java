package dev.agenttracing.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.export.jsonl.JsonlExporter;

import static dev.agenttracing.viewer.TraceLines.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The viewer's JSON API in a running application (embedded Tomcat on 127.0.0.1, without
 * Spring Security), over session files written by hand: every endpoint, hostile and
 * unknown ids, a malformed line, and that nothing but GET is answered.
 */
class TraceViewerApiTests {

	private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

	private static final String API = "/agent-traces/api/sessions";

	private static final String LONG_INPUT = "Where is ticket 7? " + "It was opened last week. ".repeat(20);

	@TempDir
	static Path traces;

	static ConfigurableApplicationContext context;

	static ViewerHttp http;

	static String hashedKey;

	@BeforeAll
	static void startApplication() throws Exception {
		writeSessions();
		context = ViewerTestApplication.startWithoutSpringSecurity(traces);
		http = new ViewerHttp(ViewerTestApplication.rootUrl(context));
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	private static void writeSessions() throws Exception {
		Path alpha = new TraceLines("alpha")
			.line("RunStarted", T0, "run-a1", "span_run_a1", "agent_name", "Support Agent", "group_id", "queue-1",
					"metadata", map("team", "support", "priority", "p1"), "model", "gpt-5-mini", "run_input",
					map("input_content", LONG_INPUT))
			.line("ReasoningStep", T0.plusMillis(5), "run-a1", "span_rs1", "parent_span_id", "span_run_a1", "content",
					"Look up the ticket first", "content_type", "str", "reasoning_content", "thinking")
			.line("ToolCallStarted", T0.plusMillis(10), "run-a1", "span_t1", "parent_span_id", "span_run_a1", "tool",
					map("tool_call_id", "call_1", "tool_name", "lookup_ticket", "tool_args", map("id", 7),
							"tool_call_error", false))
			.line("ToolCallCompleted", T0.plusMillis(130), "run-a1", "span_t1", "parent_span_id", "span_run_a1", "tool",
					map("tool_call_id", "call_1", "tool_name", "lookup_ticket", "tool_args", map("id", 7),
							"tool_call_error", false, "duration_ms", 120.0, "result", map("status", "open")))
			.line("ModelCallStarted", T0.plusMillis(140), "run-a1", "span_m1", "parent_span_id", "span_run_a1",
					"model_call", map("model", "gpt-5-mini", "provider", "openai", "input", "Summarize ticket 7"))
			.line("ModelCallCompleted", T0.plusMillis(440), "run-a1", "span_m1", "parent_span_id", "span_run_a1",
					"model_call",
					map("model", "gpt-5-mini", "provider", "openai", "input", "Summarize ticket 7", "output",
							"Ticket 7 is open", "finish_reason", "stop", "usage",
							map("input_tokens", 100, "output_tokens", 20, "total_tokens", 120), "duration_ms", 300.0))
			.line("ToolCallStarted", T0.plusMillis(450), "run-a1", "span_t2", "parent_span_id", "span_run_a1", "tool",
					map("tool_call_id", "call_2", "tool_name", "escalate", "tool_args", map("ticket", 7),
							"tool_call_error", false))
			.line("ToolCallError", T0.plusMillis(500), "run-a1", "span_t2", "parent_span_id", "span_run_a1", "tool",
					map("tool_call_id", "call_2", "tool_name", "escalate", "tool_args", map("ticket", 7),
							"tool_call_error", true, "error", "escalation service unavailable", "duration_ms", 50.0),
					"error", "escalation service unavailable", "error_type", "IllegalStateException")
			.line("RunContent", T0.plusMillis(510), "run-a1", "span_run_a1", "content", "Ticket 7 is open",
					"content_type", "str")
			.line("RunCompleted", T0.plusMillis(520), "run-a1", "span_run_a1", "agent_name", "Support Agent",
					"group_id", "queue-1", "metadata", map("team", "support", "priority", "p1"), "content",
					"Ticket 7 is open", "content_type", "str", "metrics",
					map("input_tokens", 120, "output_tokens", 20, "total_tokens", 140, "duration", 0.52), "model",
					"gpt-5-mini", "run_input", map("input_content", LONG_INPUT), "tools",
					List.of("lookup_ticket", "escalate"))
			.line("RunStarted", T0.plusSeconds(60), "run-a2", "span_run_a2", "agent_name", "Support Agent", "run_input",
					map("input_content", "Second question"))
			.line("ToolCallStarted", T0.plusSeconds(60).plusMillis(100), "run-a2", "span_t3", "parent_span_id",
					"span_run_a2", "tool",
					map("tool_call_id", "call_3", "tool_name", "search_kb", "tool_args", map("query", "refunds"),
							"tool_call_error", false))
			.appendTo(traces.resolve("alpha.jsonl"));
		Path broken = new TraceLines("broken").line("RunStarted", T0, "run-b1", "span_run_b1", "agent_name", "Agent")
			.line("RunCompleted", T0.plusMillis(10), "run-b1", "span_run_b1", "metrics", map("duration", 0.01))
			.raw("{\"event\": \"RunStarted\", \"run_id\": ")
			.raw("")
			.raw("[1, 2]")
			.raw("{\"foo\": 1}")
			.line("RunStarted", T0.plusSeconds(1), "run-b2", "span_run_b2", "agent_name", "Agent")
			.line("RunError", T0.plusSeconds(2), "run-b2", "span_run_b2", "content", "boom", "error_type", "ValueError",
					"metrics", map("duration", 1.0))
			.appendTo(traces.resolve("broken.jsonl"));
		// as Definable writes them: created_at seconds only, no timestamp, span ids or
		// ToolCallStarted
		Path definable = new TraceLines("sess-123")
			.raw("""
					{"created_at": 1795317772, "event": "RunStarted", "agent_id": "140234", "agent_name": "Agent", \
					"run_id": "3f2c9a1e-run", "session_id": "sess-123", "model": "gpt-4o-mini", "model_provider": "OpenAI", \
					"run_input": {"input_content": "What is 15 * 7?"}}""")
			.raw("""
					{"created_at": 1795317772, "event": "ToolCallCompleted", "agent_id": "140234", "agent_name": "Agent", \
					"run_id": "3f2c9a1e-run", "session_id": "sess-123", "content": "Result: 105", "tool": \
					{"tool_call_id": "call_abc", "tool_name": "calculate", "tool_args": {"expression": "15 * 7"}, \
					"tool_call_error": false, "result": "Result: 105"}}""")
			.raw("""
					{"created_at": 1795317773, "event": "RunCompleted", "agent_id": "140234", "agent_name": "Agent", \
					"run_id": "3f2c9a1e-run", "session_id": "sess-123", "content": "15 * 7 = 105", "content_type": "str", \
					"metrics": {"input_tokens": 120, "output_tokens": 20, "total_tokens": 140}}""")
			.appendTo(traces.resolve("sess-123.jsonl"));
		hashedKey = JsonlExporter.fileName("user@example.com").replace(".jsonl", "");
		Path hashed = new TraceLines("user@example.com").line("RunStarted", T0, "run-h1", "span_run_h1")
			.appendTo(traces.resolve(hashedKey + ".jsonl"));
		Files.writeString(traces.resolve("notes.txt"), "not a session");
		Files.setLastModifiedTime(alpha, FileTime.from(T0.plusSeconds(400)));
		Files.setLastModifiedTime(broken, FileTime.from(T0.plusSeconds(300)));
		Files.setLastModifiedTime(hashed, FileTime.from(T0.plusSeconds(200)));
		Files.setLastModifiedTime(definable, FileTime.from(T0.plusSeconds(100)));
	}

	@Test
	void listsSessionsMostRecentlyWrittenFirstWithRunsAndLastActivity() throws Exception {
		Map<String, Object> page = http.json(API);
		assertThat(page).containsEntry("total", 4).containsEntry("offset", 0);
		List<Map<String, Object>> sessions = list(page, "sessions");
		assertThat(sessions).extracting((session) -> session.get("id"))
			.containsExactly("alpha", "broken", hashedKey, "sess-123");
		Map<String, Object> alpha = sessions.get(0);
		assertThat(alpha).containsEntry("session_id", "alpha")
			.containsEntry("runs", 2)
			.containsEntry("running", 1)
			.containsEntry("lines", 12)
			.containsEntry("malformed_lines", 0)
			.containsEntry("last_activity", "2026-11-22T04:01:00.100Z");
		assertThat(sessions.get(2)).containsEntry("session_id", "user@example.com");
		assertThat(sessions.get(3)).containsEntry("last_activity", "2026-11-22T03:22:53Z");
	}

	@Test
	void filtersAndPagesTheSessions() throws Exception {
		assertThat(list(http.json(API + "?q=BRO"), "sessions")).extracting((session) -> session.get("id"))
			.containsExactly("broken");
		assertThat(list(http.json(API + "?q=example.com"), "sessions")).extracting((session) -> session.get("id"))
			.containsExactly(hashedKey);
		Map<String, Object> second = http.json(API + "?limit=2&offset=1");
		assertThat(second).containsEntry("total", 4).containsEntry("limit", 2);
		assertThat(list(second, "sessions")).extracting((session) -> session.get("id"))
			.containsExactly("broken", hashedKey);
		assertThat(list(http.json(API + "?q=nothing-like-it"), "sessions")).isEmpty();
	}

	@Test
	void listsASessionsRunsNewestFirstWithAgentShortInputStatusDurationTokensGroupAndMetadata() throws Exception {
		Map<String, Object> page = http.json(API + "/alpha/runs");
		assertThat(page).containsEntry("total", 2);
		List<Map<String, Object>> runs = list(page, "runs");
		assertThat(runs).extracting((run) -> run.get("run_id")).containsExactly("run-a2", "run-a1");
		Map<String, Object> running = runs.get(0);
		assertThat(running).containsEntry("status", "running").containsEntry("duration_ms", null);
		Map<String, Object> done = runs.get(1);
		assertThat(done).containsEntry("agent_name", "Support Agent")
			.containsEntry("status", "completed")
			.containsEntry("model", "gpt-5-mini")
			.containsEntry("group_id", "queue-1")
			.containsEntry("metadata", map("team", "support", "priority", "p1"))
			.containsEntry("usage", map("input_tokens", 120, "output_tokens", 20, "total_tokens", 140))
			.containsEntry("tool_calls", 2)
			.containsEntry("failed_tool_calls", 1)
			.containsEntry("model_calls", 1)
			.containsEntry("started_at", "2026-11-22T04:00:00Z");
		assertThat((Double) done.get("duration_ms")).isCloseTo(520.0, within(0.001));
		assertThat((String) done.get("input")).hasSize(RunIndex.SHORT_TEXT + 1)
			.startsWith("Where is ticket 7?")
			.endsWith("…");
	}

	@Test
	void pagesASessionsRuns() throws Exception {
		Map<String, Object> older = http.json(API + "/alpha/runs?offset=1&limit=1");
		assertThat(older).containsEntry("total", 2).containsEntry("offset", 1).containsEntry("limit", 1);
		assertThat(list(older, "runs")).extracting((run) -> run.get("run_id")).containsExactly("run-a1");
		assertThat(list(http.json(API + "/alpha/runs?offset=5"), "runs")).isEmpty();
		assertThat(http.get(API + "/alpha/runs?limit=-1").status()).isEqualTo(400);
		assertThat(http.get(API + "/alpha/runs?offset=x").status()).isEqualTo(400);
	}

	@Test
	void returnsARunsEventsAndTimelineWithToolAndModelCallsPlacedByStartAndSizedByDuration() throws Exception {
		Map<String, Object> run = http.json(API + "/alpha/runs/run-a1");
		assertThat(object(run, "run")).containsEntry("run_id", "run-a1").containsEntry("span_id", "span_run_a1");
		List<Map<String, Object>> spans = list(run, "spans");
		assertThat(spans).extracting((span) -> span.get("name"))
			.containsExactly("lookup_ticket", "gpt-5-mini (openai)", "escalate");
		assertThat(spans).extracting((span) -> span.get("kind")).containsExactly("tool", "model", "tool");
		assertThat(spans).extracting((span) -> span.get("status")).containsExactly("ok", "ok", "error");
		double start = T0.toEpochMilli();
		assertThat(spans).extracting((span) -> (Double) span.get("start_ms") - start)
			.containsExactly(10.0, 140.0, 450.0);
		assertThat(spans).extracting((span) -> span.get("duration_ms")).containsExactly(120.0, 300.0, 50.0);
		assertThat(spans.get(2)).containsEntry("error", "escalation service unavailable")
			.containsEntry("error_type", "IllegalStateException")
			.containsEntry("start_line", 7)
			.containsEntry("end_line", 8);
		assertThat(list(run, "markers")).extracting((marker) -> marker.get("kind"), (marker) -> marker.get("line"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple("reasoning", 2),
					org.assertj.core.groups.Tuple.tuple("content", 9));
		Map<String, Object> events = object(run, "events");
		assertThat(events).containsEntry("total", 10);
		List<Map<String, Object>> items = list(events, "items");
		assertThat(items).extracting((item) -> item.get("line")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
		assertThat(object(items.get(2), "event")).containsEntry("event", "ToolCallStarted");
		assertThat(object(object(items.get(2), "event"), "tool")).containsEntry("tool_args", map("id", 7));
	}

	@Test
	void pagesARunsEvents() throws Exception {
		Map<String, Object> events = object(http.json(API + "/alpha/runs/run-a1?offset=8&limit=5"), "events");
		assertThat(events).containsEntry("total", 10).containsEntry("offset", 8);
		assertThat(list(events, "items")).extracting((item) -> item.get("line")).containsExactly(9, 10);
	}

	@Test
	void showsARunInProgressAsRunningWithItsOpenToolCall() throws Exception {
		Map<String, Object> run = http.json(API + "/alpha/runs/run-a2");
		assertThat(object(run, "run")).containsEntry("status", "running");
		assertThat(list(run, "spans")).singleElement()
			.satisfies((span) -> assertThat(span).containsEntry("name", "search_kb")
				.containsEntry("status", "running")
				.containsEntry("duration_ms", null));
		assertThat(run.get("now_ms")).isInstanceOf(Number.class);
	}

	@Test
	void returnsASpansLinesInFull() throws Exception {
		Map<String, Object> failed = http.json(API + "/alpha/runs/run-a1/spans/span_t2");
		assertThat(object(failed, "span")).containsEntry("name", "escalate").containsEntry("status", "error");
		List<Map<String, Object>> lines = list(failed, "events");
		assertThat(lines).extracting((line) -> line.get("line")).containsExactly(7, 8);
		assertThat(object(object(lines.get(0), "event"), "tool")).containsEntry("tool_args", map("ticket", 7));
		assertThat(object(lines.get(1), "event")).containsEntry("error_type", "IllegalStateException");
		Map<String, Object> model = http.json(API + "/alpha/runs/run-a1/spans/span_m1");
		assertThat(object(object(list(model, "events").get(1), "event"), "model_call")).containsEntry("finish_reason",
				"stop");
		Map<String, Object> ownSpan = http.json(API + "/alpha/runs/run-a1/spans/span_run_a1");
		assertThat(list(ownSpan, "events")).extracting((line) -> line.get("line")).containsExactly(1, 10);
		assertThat(object(object(list(ownSpan, "events").get(0), "event"), "run_input")).containsEntry("input_content",
				LONG_INPUT);
	}

	@Test
	void readsDefinableLinesWithoutTimestampsOrStartEvents() throws Exception {
		Map<String, Object> run = http.json(API + "/sess-123/runs/3f2c9a1e-run");
		assertThat(object(run, "run")).containsEntry("status", "completed")
			.containsEntry("input", "What is 15 * 7?")
			.containsEntry("usage", map("input_tokens", 120, "output_tokens", 20, "total_tokens", 140))
			.containsEntry("started_at", "2026-11-22T03:22:52Z");
		assertThat(list(run, "spans")).singleElement()
			.satisfies((span) -> assertThat(span).containsEntry("name", "calculate").containsEntry("status", "ok"));
	}

	@Test
	void showsTheRestOfASessionAndReportsItsMalformedLinesByNumber() throws Exception {
		Map<String, Object> page = http.json(API + "/broken/runs");
		assertThat(list(page, "runs")).extracting((run) -> run.get("run_id"), (run) -> run.get("status"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple("run-b2", "error"),
					org.assertj.core.groups.Tuple.tuple("run-b1", "completed"));
		Map<String, Object> session = object(page, "session");
		assertThat(session).containsEntry("malformed_lines", 3).containsEntry("lines", 8);
		List<Map<String, Object>> malformed = list(session, "malformed");
		assertThat(malformed).extracting((line) -> line.get("line")).containsExactly(3, 5, 6);
		assertThat((String) malformed.get(0).get("error")).startsWith("malformed JSON: ");
		assertThat((String) malformed.get(2).get("error")).contains("not a trace event");
		assertThat(list(http.json(API + "?q=broken"), "sessions").get(0)).containsEntry("malformed_lines", 3)
			.containsEntry("runs", 2);
		assertThat(object(http.json(API + "/broken/runs/run-b2"), "run")).containsEntry("error", "boom")
			.containsEntry("error_type", "ValueError");
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".hidden", "%2e%2e", ".%2e", "%2E%2E", "..%2f..%2fetc%2fpasswd",
			"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwindows%5cwin.ini", "a%5cb", "%5c", "%2fetc%2fpasswd", "a%00b",
			"a%20b", "CON", "nul.txt", "..%252f..%252fetc", "%c0%ae%c0%ae" })
	void answersHostileSessionIdsWith400(String id) throws Exception {
		ViewerHttp.Response response = http.get(API + "/" + id + "/runs");
		assertThat(response.status()).as("GET %s/%s/runs", API, id).isEqualTo(400);
		assertThat(response.text()).doesNotContain("root:").doesNotContain("[fonts]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", "%2e%2e", "..%2f..%2falpha", "%2e%2e%2f", "..%5c..", "a..b", "run%00", "run%20a" })
	void answersHostileRunAndSpanIdsWith400(String id) throws Exception {
		assertThat(http.get(API + "/alpha/runs/" + id).status()).as("run id %s", id).isEqualTo(400);
		assertThat(http.get(API + "/alpha/runs/run-a1/spans/" + id).status()).as("span id %s", id).isEqualTo(400);
	}

	@Test
	void neverServesAFileOutsideTheTraceDirectoryThroughDotSegmentsInThePath() throws Exception {
		Files.writeString(traces.getParent().resolve("secret.jsonl"), "{\"event\":\"RunStarted\",\"run_id\":\"s\"}\n");
		for (String path : List.of(API + "/../../secret/runs", API + "/alpha/../../../secret.jsonl",
				"/agent-traces/../../../../etc/passwd", "/agent-traces/%2e%2e/%2e%2e/etc/passwd",
				"/agent-traces/viewer.js/..%2f..%2f..%2fetc%2fpasswd", "/agent-traces/..%5c..%5cpom.xml")) {
			ViewerHttp.Response response = http.get(path);
			assertThat(response.status()).as("GET %s", path).isBetween(400, 404);
			assertThat(response.text()).as("GET %s", path).doesNotContain("root:").doesNotContain("\"run_id\":\"s\"");
		}
	}

	@Test
	void answersUnknownSessionsRunsAndSpansWith404() throws Exception {
		assertThat(http.get(API + "/no-such-session/runs").status()).isEqualTo(404);
		assertThat(http.get(API + "/notes/runs").status()).isEqualTo(404);
		assertThat(http.get(API + "/alpha/runs/no-such-run").status()).isEqualTo(404);
		assertThat(http.get(API + "/alpha/runs/run-a1/spans/span_nope").status()).isEqualTo(404);
		assertThat(http.get(API + "/alpha/runs/run-b1").status()).isEqualTo(404);
		ViewerHttp.Response unknown = http.get("/agent-traces/api/nothing-here");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json()).containsEntry("status", 404);
	}

	@Test
	void isReadOnly() throws Exception {
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
			for (String path : List.of("/agent-traces", API, API + "/alpha/runs", API + "/alpha/runs/run-a1")) {
				ViewerHttp.Response response = http.send(method, path);
				assertThat(response.status()).as("%s %s", method, path).isEqualTo(405);
				assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
			}
		}
		assertThat(http.send("HEAD", API + "/alpha/runs").status()).isEqualTo(200);
		assertThat(http.send("HEAD", "/agent-traces").status()).isEqualTo(200);
		assertThat(Files.readString(traces.resolve("alpha.jsonl")).lines()).hasSize(12);
	}

	@Test
	void servesThePageAndItsScriptAndStylesFromTheJarWithNoExternalReference() throws Exception {
		ViewerHttp.Response page = http.get("/agent-traces");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'");
		assertThat(page.header("Cache-Control")).isEqualTo("no-store");
		assertThat(page.text()).contains("<base href=\"agent-traces/\">")
			.contains("<script src=\"viewer.js\" defer></script>")
			.contains("data-refresh-ms=\"300\"");
		assertThat(http.get("/agent-traces/").text()).contains("<base href=\"./\">");
		ViewerHttp.Response script = http.get("/agent-traces/viewer.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).startsWith("text/javascript");
		ViewerHttp.Response styles = http.get("/agent-traces/viewer.css");
		assertThat(styles.status()).isEqualTo(200);
		assertThat(styles.header("Content-Type")).startsWith("text/css");
		for (ViewerHttp.Response file : List.of(page, script, styles)) {
			assertThat(file.text()).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/")
				.doesNotContain("@import")
				.doesNotContainIgnoringCase("cdn");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Map<String, Object> map, String key) {
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		return (List<Map<String, Object>>) map.get(key);
	}

}
