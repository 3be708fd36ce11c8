package dev.agenttracing.export.celesto;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.celesto.RecordingServer.Exchange;
import dev.agenttracing.export.celesto.RecordingServer.Reply;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter behind a real {@link AgentTracer}, against a real HTTP server on
 * 127.0.0.1.
 */
class CelestoExporterTests {

	private static final String TOKEN = "test-token-7f3a9c2e51b84d06";

	private static final Pattern TRACE_ID = Pattern.compile("trace_[0-9a-f]{32}");

	private static final Pattern SPAN_ID = Pattern.compile("span_[0-9a-f]{24}");

	private static final Pattern TIMESTAMP = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00");

	/** What the JDK's HTTP client sends on every request by itself. */
	private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "user-agent");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private RecordingServer server;

	private LogCapture logs;

	private AgentTracer tracer;

	@BeforeEach
	void start() throws Exception {
		this.server = RecordingServer.start();
		this.logs = LogCapture.start();
	}

	@AfterEach
	void stop() {
		if (this.tracer != null) {
			this.tracer.shutdown(Duration.ofSeconds(5));
		}
		this.server.close();
		this.logs.close();
	}

	@Test
	void sendsOneTraceAndOneSpanPerRunToolAndReasoningStepLinkedToTheRunsSpan() throws Exception {
		CelestoExporter exporter = exporter().build();
		this.tracer = tracer(exporter);
		AgentRun run = this.tracer.newRun("Support Agent")
			.model("gpt-5-mini")
			.input("Summarize ticket 7")
			.groupId("ticket-queue-jan-13")
			.metadata(Map.of("team", "support"))
			.start();
		run.reasoning("Looking up the ticket first", "The user asks about ticket 7");
		run.startTool("lookup_ticket", Map.of("id", 7)).complete(Map.of("id", 7, "title", "Login fails"));
		run.startTool("search_kb", Map.of("query", "login")).fail(new IllegalStateException("knowledge base offline"));
		run.content("Ticket 7: ");
		run.content("login fails");
		run.contentCompleted();
		run.complete("Ticket 7: login fails", TokenUsage.of(120, 20));

		assertThat(this.tracer.shutdown(Duration.ofSeconds(10))).isTrue();
		List<Exchange> exchanges = this.server.exchanges();
		assertThat(exchanges).isNotEmpty();
		for (Exchange exchange : exchanges) {
			assertThat(exchange.request().method()).isEqualTo("POST");
			assertThat(exchange.request().path()).isEqualTo(RecordingServer.PATH);
			assertThat(exchange.request().header("Authorization")).isEqualTo("Bearer " + TOKEN);
			assertThat(exchange.request().header("Content-Type")).isEqualTo("application/json");
			Set<String> ours = new HashSet<>(exchange.request().headers().keySet());
			ours.removeAll(CLIENT_HEADERS);
			assertThat(ours).containsExactlyInAnyOrder("authorization", "content-type");
		}
		List<Map<String, Object>> items = this.server.deliveredItems();
		assertThat(items).hasSize(5);

		List<Map<String, Object>> traces = ofObject(items, "trace");
		assertThat(traces).hasSize(1);
		Map<String, Object> trace = traces.get(0);
		assertThat(trace.keySet()).containsExactly("object", "id", "workflow_name", "group_id", "metadata");
		assertThat(trace).containsEntry("id", run.info().traceId())
			.containsEntry("workflow_name", "Support Agent")
			.containsEntry("group_id", "ticket-queue-jan-13")
			.containsEntry("metadata", Map.of("team", "support"));
		assertThat(items.get(0)).as("the trace comes before its spans").isSameAs(trace);

		List<Map<String, Object>> spans = ofObject(items, "trace.span");
		assertThat(spans).hasSize(4);
		for (Map<String, Object> span : spans) {
			assertThat((String) span.get("span_id")).matches(SPAN_ID);
			assertThat(span).containsEntry("trace_id", run.info().traceId());
			assertThat((String) span.get("started_at")).matches(TIMESTAMP);
			assertThat((String) span.get("ended_at")).matches(TIMESTAMP);
			assertThat(OffsetDateTime.parse((String) span.get("started_at")))
				.isBeforeOrEqualTo(OffsetDateTime.parse((String) span.get("ended_at")));
		}
		assertThat((String) trace.get("id")).matches(TRACE_ID);
		assertThat(spans).extracting(span -> span.get("span_id")).doesNotHaveDuplicates();

		Map<String, Object> agent = single(ofType(spans, "agent"));
		assertThat(agent.keySet()).containsExactly("object", "span_id", "trace_id", "parent_id", "started_at",
				"ended_at", "span_data");
		assertThat(agent).containsEntry("span_id", run.info().spanId()).containsEntry("parent_id", null);
		assertThat(data(agent)).containsEntry("name", "Support Agent")
			.containsEntry("tools", List.of("lookup_ticket", "search_kb"))
			.containsEntry("handoffs", List.of())
			.containsEntry("output_type", "str")
			.containsEntry("model", "gpt-5-mini")
			.containsEntry("input", "Summarize ticket 7")
			.containsEntry("output", "Ticket 7: login fails")
			.containsEntry("usage", Map.of("input_tokens", 120, "output_tokens", 20, "total_tokens", 140));

		List<Map<String, Object>> functions = ofType(spans, "function");
		assertThat(functions).hasSize(2)
			.allSatisfy(span -> assertThat(span).containsEntry("parent_id", run.info().spanId()));
		Map<String, Object> lookup = single(
				functions.stream().filter(span -> "lookup_ticket".equals(data(span).get("name"))).toList());
		assertThat(lookup).doesNotContainKey("error");
		assertThat(data(lookup).get("input")).isInstanceOf(String.class);
		assertThat(json((String) data(lookup).get("input"))).isEqualTo(Map.of("id", 7));
		assertThat(data(lookup)).containsEntry("output", Map.of("id", 7, "title", "Login fails"));
		Map<String, Object> search = single(
				functions.stream().filter(span -> "search_kb".equals(data(span).get("name"))).toList());
		assertThat(json((String) data(search).get("input"))).isEqualTo(Map.of("query", "login"));
		assertThat(data(search)).containsEntry("output", null);
		assertThat(search).containsEntry("error", Map.of("message", "Error running tool", "data",
				Map.of("tool_name", "search_kb", "error", "knowledge base offline")));

		Map<String, Object> reasoning = single(ofType(spans, "custom"));
		assertThat(reasoning).containsEntry("parent_id", run.info().spanId()).doesNotContainKey("error");
		assertThat(data(reasoning)).containsEntry("name", "reasoning")
			.containsEntry("data", Map.of("content", "Looking up the ticket first", "reasoning_content",
					"The user asks about ticket 7"));
	}

	@Test
	void sendsAThousandRunsInRequestsOfAtMost256ItemsWithoutLossOrDuplicates() throws Exception {
		CelestoExporter exporter = exporter().batchDelay(Duration.ofMillis(200)).build();
		assertThat(exporter.maxBatchSize()).isEqualTo(256);
		this.tracer = tracer(exporter);
		Set<String> expected = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			AgentRun run = this.tracer.newRun("Agent " + i).input("question " + i).start();
			run.startTool("calculate", Map.of("n", i)).complete(i * 2);
			run.complete("answer " + i);
			expected.add(run.info().traceId());
			expected.add(run.info().spanId());
		}

		assertThat(this.tracer.shutdown(Duration.ofSeconds(30))).isTrue();
		List<Exchange> exchanges = this.server.exchanges();
		assertThat(exchanges).allSatisfy(exchange -> assertThat(exchange.items()).hasSizeLessThanOrEqualTo(256));
		List<Map<String, Object>> items = this.server.deliveredItems();
		assertThat(items).hasSize(3000);
		List<String> ids = new ArrayList<>();
		int functions = 0;
		for (Map<String, Object> item : items) {
			if ("trace".equals(item.get("object"))) {
				ids.add((String) item.get("id"));
			}
			else if ("agent".equals(data(item).get("type"))) {
				ids.add((String) item.get("span_id"));
			}
			else {
				assertThat(data(item)).containsEntry("type", "function");
				assertThat(expected).contains((String) item.get("parent_id"));
				functions++;
			}
		}
		assertThat(ids).doesNotHaveDuplicates().hasSize(2000);
		assertThat(new HashSet<>(ids)).isEqualTo(expected);
		assertThat(functions).isEqualTo(1000);
		ExporterStats stats = this.tracer.stats().get("celesto");
		assertThat(stats.exported()).isEqualTo(4000);
		assertThat(stats.failed()).isZero();
		assertThat(stats.dropped()).isZero();
	}

	@Test
	void deliversWhatWasQueuedWhileTheServerWasDownForThreeSeconds() throws Exception {
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofMillis(100))
			.maxBackoff(Duration.ofMillis(400))
			.maxAttempts(40)
			.timeout(Duration.ofSeconds(2))
			.build();
		this.tracer = tracer(exporter);
		this.server.stop();
		long downSince = System.nanoTime();
		AgentRun run = this.tracer.newRun("Support Agent").input("question").start();
		run.complete("answer");
		Thread restarter = new Thread(() -> {
			try {
				Thread.sleep(3000);
				this.server.restart();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		restarter.start();

		assertThat(this.tracer.flush(Duration.ofSeconds(20))).isTrue();
		restarter.join(5000);
		List<Exchange> delivered = this.server.delivered();
		assertThat(delivered).isNotEmpty();
		assertThat(delivered.get(0).request().receivedNanos() - downSince).isGreaterThanOrEqualTo(3_000_000_000L);
		assertThat(this.server.deliveredItems()).extracting(item -> item.get("object"))
			.containsExactly("trace", "trace.span");
		assertThat(this.tracer.stats().get("celesto").failed()).isZero();
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void leavesRunsUnaffectedAndShutsDownInTimeWhenTheServerNeverAnswers() throws Exception {
		this.server.respond((index, request) -> Reply.noAnswer());
		CelestoExporter exporter = exporter().batchDelay(Duration.ofMillis(50)).build();
		assertThat(exporter.timeout()).isEqualTo(Duration.ofSeconds(10));
		this.tracer = tracer(exporter);

		long runsStarted = System.nanoTime();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			AgentRun run = this.tracer.newRun("Agent").input("question " + i).start();
			String result = this.tracer.callTool("echo", Map.of("i", i), () -> "echo");
			run.complete(result);
			answers.add(result);
		}
		Duration runsTook = Duration.ofNanos(System.nanoTime() - runsStarted);
		assertThat(answers).hasSize(200).containsOnly("echo");
		assertThat(runsTook).isLessThan(Duration.ofSeconds(2));
		this.server.awaitRequests(1, Duration.ofSeconds(5));

		long shutdownStarted = System.nanoTime();
		boolean done = this.tracer.shutdown(Duration.ofSeconds(1));
		Duration shutdownTook = Duration.ofNanos(System.nanoTime() - shutdownStarted);
		assertThat(done).isFalse();
		assertThat(shutdownTook).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(1500));
		awaitWorkerEnd("agent-tracing-celesto", Duration.ofSeconds(2));
		assertThat(this.server.delivered()).isEmpty();
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void truncatesAFiveMegabyteToolResultAndKeepsTheRequestUnderTheSizeLimit() throws Exception {
		CelestoExporter exporter = exporter().build();
		this.tracer = AgentTracer.builder()
			.contentPolicy(ContentPolicy.defaults().withMaxFieldLength(10_000_000))
			.exporter("celesto", exporter, exporter.maxBatchSize(), exporter.batchDelay())
			.build();
		String result = "résumé ".repeat(5_000_000 / 9 + 1);
		assertThat(result.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(5_000_000);
		AgentRun run = this.tracer.newRun("Agent").input("export everything").start();
		run.startTool("dump", Map.of("what", "all")).complete(result);
		run.complete("done");

		assertThat(this.tracer.shutdown(Duration.ofSeconds(10))).isTrue();
		assertThat(this.server.exchanges()).allSatisfy(exchange -> assertThat(exchange.request().body().length)
			.isLessThanOrEqualTo(exporter.maxRequestBytes()));
		Map<String, Object> function = single(ofType(ofObject(this.server.deliveredItems(), "trace.span"), "function"));
		String output = (String) data(function).get("output");
		assertThat(output).endsWith("... [truncated]").startsWith("résumé résumé");
		int outputBytes = mapper.writeValueAsBytes(output).length;
		assertThat(outputBytes).isLessThanOrEqualTo(100_000).isGreaterThan(99_000);
	}

	@Test
	void countsABatchAsFailedWhenCelestoRefusesItOrStaysUnavailable() throws Exception {
		this.server.respond((index, request) -> (index == 0) ? Reply.status(400).withBody("{\"error\":\"bad item\"}")
				: Reply.status(503));
		CelestoExporter exporter = exporter().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build();
		this.tracer = tracer(exporter);

		this.tracer.newRun("Agent").input("first").start().complete("refused");
		assertThat(this.tracer.flush(Duration.ofSeconds(10))).isTrue();
		this.tracer.newRun("Agent").input("second").start().complete("unavailable");
		assertThat(this.tracer.flush(Duration.ofSeconds(10))).isTrue();

		assertThat(this.server.exchanges()).extracting(Exchange::status).containsExactly(400, 503, 503);
		ExporterStats stats = this.tracer.stats().get("celesto");
		assertThat(stats.failed()).isEqualTo(4);
		assertThat(stats.exported()).isZero();
		assertThat(stats.lastError()).contains("CelestoExportException").contains("2 attempts").doesNotContain(TOKEN);
		assertThat(this.logs.warnings(CelestoExporter.class)).singleElement()
			.satisfies(line -> assertThat(line).contains("HTTP 400").contains("bad item"));
		this.logs.assertNoLineContains(TOKEN);
	}

	private CelestoExporter.Builder exporter() {
		return CelestoExporter.builder().endpoint(this.server.uri()).token(TOKEN);
	}

	private static AgentTracer tracer(CelestoExporter exporter) {
		return AgentTracer.builder()
			.exporter("celesto", exporter, exporter.maxBatchSize(), exporter.batchDelay())
			.build();
	}

	private static void awaitWorkerEnd(String name, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (workerAlive(name)) {
			assertThat(System.nanoTime() - deadline).as("worker '%s' still alive after %s", name, timeout).isNegative();
			Thread.sleep(10);
		}
	}

	private static boolean workerAlive(String name) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
	}

	private static List<Map<String, Object>> ofObject(List<Map<String, Object>> items, String object) {
		return items.stream().filter(item -> object.equals(item.get("object"))).toList();
	}

	private static List<Map<String, Object>> ofType(List<Map<String, Object>> spans, String type) {
		return spans.stream().filter(span -> type.equals(data(span).get("type"))).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> span) {
		return (Map<String, Object>) span.get("span_data");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(String text) {
		return mapper.readValue(text, Map.class);
	}

	private static Map<String, Object> single(List<Map<String, Object>> items) {
		assertThat(items).hasSize(1);
		return items.get(0);
	}

}
