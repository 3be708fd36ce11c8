package dev.agenttracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AgentTracerTests {

	private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

	private static final Pattern TRACE_ID = Pattern.compile("trace_[0-9a-f]{32}");

	private static final Pattern SPAN_ID = Pattern.compile("span_[0-9a-f]{24}");

	@TempDir
	Path dir;

	private final RecordingExporter recorder = new RecordingExporter();

	private AgentTracer tracer;

	@AfterEach
	void shutdown() {
		if (this.tracer != null) {
			this.tracer.shutdown(Duration.ofSeconds(5));
		}
	}

	private AgentTracer tracer() {
		this.tracer = AgentTracer.builder()
			.exporter(new JsonlExporter(this.dir, true, false))
			.exporter("recorder", this.recorder)
			.build();
		return this.tracer;
	}

	@Test
	void writesAllNineEventsWithTheDocumentedKeysAndReadsThemBackEqual() throws Exception {
		AgentTracer tracer = tracer();
		try (AgentRun run = tracer.newRun("Support Agent")
			.model("gpt-5-mini")
			.input("What is 15 * 7?")
			.sessionId("sess-123")
			.groupId("ticket-queue-jan-13")
			.metadata(Map.of("team", "support"))
			.start()) {
			run.reasoning("I should use the calculator", "15 * 7 needs arithmetic");
			tracer.callTool("calculate", Map.of("expression", "15 * 7"), () -> "Result: 105");
			try {
				tracer.callTool("divide", Map.of("a", 1, "b", 0), () -> 1 / 0);
			}
			catch (ArithmeticException expected) {
				// recorded as ToolCallError
			}
			run.content("15 * 7 ");
			run.content("= 105");
			run.contentCompleted();
			run.complete("15 * 7 = 105", TokenUsage.of(120, 20));
		}
		try {
			tracer.newRun("Support Agent").sessionId("sess-123").input("boom").call(() -> {
				throw new IllegalStateException("model unavailable");
			});
		}
		catch (IllegalStateException expected) {
			// recorded as RunError
		}
		assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();

		Path file = this.dir.resolve("sess-123.jsonl");
		List<Map<String, Object>> lines = TraceFiles.readTraceFile(file);
		assertThat(lines).extracting(line -> line.get("event"))
			.containsExactly("RunStarted", "ReasoningStep", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted",
					"ToolCallError", "RunContent", "RunContent", "RunContentCompleted", "RunCompleted", "RunStarted",
					"RunError");
		assertThat(lines.stream().map(line -> line.get("event")).distinct()).hasSize(9);
		String runSpan = (String) lines.get(0).get("span_id");
		for (Map<String, Object> line : lines) {
			assertThat(line).containsKeys("event", "timestamp", "created_at", "session_id", "run_id", "trace_id",
					"span_id", "agent_name");
			assertThat((String) line.get("timestamp")).matches(TIMESTAMP);
			assertThat(line.get("created_at")).isInstanceOf(Integer.class);
			assertThat(Instant.parse((String) line.get("timestamp")).getEpochSecond())
				.isEqualTo(((Number) line.get("created_at")).longValue());
			assertThat((String) line.get("trace_id")).matches(TRACE_ID);
			assertThat((String) line.get("span_id")).matches(SPAN_ID);
			assertThat(line.get("session_id")).isEqualTo("sess-123");
			assertThat(line.get("agent_name")).isEqualTo("Support Agent");
		}
		List<Map<String, Object>> firstRun = lines.subList(0, 10);
		for (Map<String, Object> line : firstRun) {
			assertThat(line).containsEntry("group_id", "ticket-queue-jan-13")
				.containsEntry("metadata", Map.of("team", "support"))
				.containsEntry("run_id", firstRun.get(0).get("run_id"));
			String event = (String) line.get("event");
			if (event.startsWith("Tool") || event.equals("ReasoningStep")) {
				assertThat(line).containsEntry("parent_span_id", runSpan);
				assertThat(line.get("span_id")).isNotEqualTo(runSpan);
			}
			else {
				assertThat(line).doesNotContainKey("parent_span_id").containsEntry("span_id", runSpan);
			}
		}
		assertThat(lines.get(0)).containsEntry("model", "gpt-5-mini")
			.containsEntry("run_input", Map.of("input_content", "What is 15 * 7?"));
		assertThat(lines.get(1)).containsEntry("content", "I should use the calculator")
			.containsEntry("reasoning_content", "15 * 7 needs arithmetic");
		@SuppressWarnings("unchecked")
		Map<String, Object> started = (Map<String, Object>) lines.get(2).get("tool");
		assertThat(started).containsEntry("tool_name", "calculate")
			.containsEntry("tool_args", Map.of("expression", "15 * 7"))
			.containsEntry("tool_call_error", false)
			.doesNotContainKeys("result", "duration_ms");
		assertThat((String) started.get("tool_call_id")).startsWith("call_");
		@SuppressWarnings("unchecked")
		Map<String, Object> completed = (Map<String, Object>) lines.get(3).get("tool");
		assertThat(completed).containsEntry("result", "Result: 105")
			.containsEntry("tool_call_error", false)
			.containsEntry("tool_call_id", started.get("tool_call_id"))
			.containsKey("duration_ms");
		assertThat(lines.get(3).get("span_id")).isEqualTo(lines.get(2).get("span_id"));
		@SuppressWarnings("unchecked")
		Map<String, Object> failed = (Map<String, Object>) lines.get(5).get("tool");
		assertThat(failed).containsEntry("tool_call_error", true).containsEntry("tool_name", "divide");
		assertThat(lines.get(5)).containsEntry("error", "/ by zero").containsEntry("error_type", "ArithmeticException");
		assertThat(lines.get(6)).containsEntry("content", "15 * 7 ").containsEntry("content_type", "str");
		assertThat(lines.get(9)).containsEntry("content", "15 * 7 = 105")
			.containsEntry("content_type", "str")
			.containsEntry("tools", List.of("calculate", "divide"));
		@SuppressWarnings("unchecked")
		Map<String, Object> metrics = (Map<String, Object>) lines.get(9).get("metrics");
		assertThat(metrics).containsEntry("input_tokens", 120)
			.containsEntry("output_tokens", 20)
			.containsEntry("total_tokens", 140)
			.containsKey("duration")
			.hasSize(4);
		assertThat(lines.get(11)).containsEntry("content", "model unavailable")
			.containsEntry("error_type", "IllegalStateException")
			.doesNotContainKey("group_id");

		List<TraceEvent> read = TraceFiles.readTraceEvents(file);
		assertThat(read).isEqualTo(this.recorder.events());
		assertThat(read).hasSize(12);
	}

	@Test
	void completionEventsCarryStartTimeAndDuration() throws Exception {
		AgentTracer tracer = tracer();
		tracer.newRun("agent").call(() -> tracer.callTool("sleep", Map.of(), () -> {
			Thread.sleep(50);
			return "done";
		}));
		tracer.flush(Duration.ofSeconds(5));
		List<TraceEvent> events = this.recorder.events();
		RunStarted started = (RunStarted) events.get(0);
		ToolCallStarted toolStarted = (ToolCallStarted) events.get(1);
		ToolCallCompleted tool = (ToolCallCompleted) events.get(2);
		RunCompleted completed = (RunCompleted) events.get(3);
		assertThat(tool.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		assertThat(tool.startedAt()).isEqualTo(toolStarted.timestamp());
		assertThat(completed.startedAt()).isEqualTo(started.timestamp());
		assertThat(completed.metrics().duration()).isGreaterThanOrEqualTo(tool.duration());
		assertThat(completed.tools()).containsExactly("sleep");
	}

	@Test
	void toolCallsOnOtherThreadsJoinTheRunThroughTheContext() throws Exception {
		AgentTracer tracer = tracer();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			AgentRun run = tracer.newRun("agent").start();
			CompletableFuture<String> viaExecutor = CompletableFuture.supplyAsync(
					() -> tracer.callTool("async_tool", Map.of("n", 1), () -> "pooled"), TracingContext.wrap(pool));
			TracingContext context = TracingContext.capture();
			Thread thread = new Thread(context.wrap(() -> {
				tracer.callTool("thread_tool", Map.of(), () -> "x");
			}));
			thread.start();
			thread.join();
			assertThat(viaExecutor.get()).isEqualTo("pooled");
			pool.submit(() -> tracer.callTool("unwrapped", Map.of(), () -> "not recorded")).get();
			run.complete("ok");
		}
		finally {
			pool.shutdownNow();
		}
		tracer.flush(Duration.ofSeconds(5));
		List<TraceEvent> events = this.recorder.events();
		String runId = events.get(0).runId();
		List<TraceEvent> tools = events.stream().filter(e -> e instanceof ToolCallCompleted).toList();
		assertThat(tools).extracting(e -> ((ToolCallCompleted) e).tool().name())
			.containsExactlyInAnyOrder("async_tool", "thread_tool");
		assertThat(tools).allSatisfy(e -> {
			assertThat(e.runId()).isEqualTo(runId);
			assertThat(e.parentSpanId()).isEqualTo(events.get(0).spanId());
		});
	}

	@Test
	void runBecomesCurrentAndTheScopeEndsWithIt() {
		AgentTracer tracer = tracer();
		assertThat(AgentTracer.currentRun()).isNull();
		AgentRun outer = tracer.newRun("outer").start();
		assertThat(AgentTracer.currentRun()).isSameAs(outer);
		AgentRun inner = tracer.newRun("inner").start();
		assertThat(AgentTracer.currentRun()).isSameAs(inner);
		inner.complete("done");
		assertThat(AgentTracer.currentRun()).isSameAs(outer);
		outer.close();
		assertThat(AgentTracer.currentRun()).isNull();
		assertThat(outer.isFinished()).isTrue();
	}

	@Test
	void detachedRunFinishesOnAnotherThread() throws Exception {
		AgentTracer tracer = tracer();
		AgentRun run = tracer.newRun("async").start();
		CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> "later");
		run.detach();
		assertThat(AgentTracer.currentRun()).isNull();
		answer.thenAccept(run::complete).get();
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).last()
			.isInstanceOfSatisfying(RunCompleted.class, completed -> assertThat(completed.output()).isEqualTo("later"));
	}

	@Test
	void runConfigScopeSetsSessionGroupAndMetadataOfTheRunsInside() {
		AgentTracer tracer = tracer();
		try (Scope session = RunConfig.session("user-42").open()) {
			try (Scope group = RunConfig.of("ticket-queue-jan-13", Map.of("team", "support")).open()) {
				try (Scope more = RunConfig.of(null, Map.of("priority", "p1")).open()) {
					tracer.newRun("a").start().complete();
				}
				tracer.newRun("b").metadata(Map.of("team", "billing")).start().complete();
			}
			tracer.newRun("c").start().complete();
		}
		tracer.newRun("d").start().complete();
		tracer.flush(Duration.ofSeconds(5));
		List<RunStarted> runs = this.recorder.events()
			.stream()
			.filter(RunStarted.class::isInstance)
			.map(RunStarted.class::cast)
			.toList();
		assertThat(runs.get(0).run().sessionId()).isEqualTo("user-42");
		assertThat(runs.get(0).run().groupId()).isEqualTo("ticket-queue-jan-13");
		assertThat(runs.get(0).run().metadata()).isEqualTo(Map.of("team", "support", "priority", "p1"));
		assertThat(runs.get(1).run().metadata()).isEqualTo(Map.of("team", "billing"));
		assertThat(runs.get(2).run().groupId()).isNull();
		assertThat(runs.get(2).run().sessionId()).isEqualTo("user-42");
		assertThat(runs.get(3).run().sessionId()).isEqualTo(AgentTracer.DEFAULT_SESSION);
		assertThat(runs.get(3).run().metadata()).isNull();
	}

	@Test
	void toolCalledOutsideAnyRunIsNotRecordedButRuns() {
		AgentTracer tracer = tracer();
		String result = tracer.callTool("orphan", Map.of(), () -> "still works");
		ToolCall call = tracer.startTool("orphan", Map.of());
		call.complete("x");
		assertThat(result).isEqualTo("still works");
		assertThat(call.isRecorded()).isFalse();
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).isEmpty();
	}

	@Test
	void exceptionsAreRethrownUnchangedAndRecorded() {
		AgentTracer tracer = tracer();
		IllegalStateException thrown = new IllegalStateException("tool failed");
		assertThatIllegalStateException()
			.isThrownBy(() -> tracer.newRun("agent").call(() -> tracer.callTool("t", Map.of(), () -> {
				throw thrown;
			})))
			.isSameAs(thrown);
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).hasAtLeastOneElementOfType(ToolCallError.class)
			.last()
			.isInstanceOf(RunError.class);
	}

	@Test
	void filterDropsWhatItRejectsAndAThrowingFilterKeepsEvents() {
		this.tracer = AgentTracer.builder()
			.exporter(this.recorder)
			.filter(event -> !(event instanceof RunContent))
			.filter(event -> {
				if (event instanceof ReasoningStep) {
					throw new IllegalStateException("filter bug");
				}
				return true;
			})
			.build();
		AgentRun run = this.tracer.newRun("agent").start();
		run.content("chunk");
		run.reasoning("thinking", null);
		run.complete("done");
		this.tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ReasoningStep", "RunCompleted");
	}

	@Test
	void doubleCompletionAndLateCallsAreIgnored() {
		AgentTracer tracer = tracer();
		AgentRun run = tracer.newRun("agent").start();
		run.complete("first");
		run.complete("second");
		run.fail(new IllegalStateException());
		run.close();
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).extracting(TraceEvent::event).containsExactly("RunStarted", "RunCompleted");
	}

	@Test
	void idsHaveTheCelestoFormat() {
		List<String> traces = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			traces.add(Ids.traceId());
			assertThat(Ids.spanId()).matches(SPAN_ID);
		}
		assertThat(traces).allMatch(id -> TRACE_ID.matcher(id).matches()).doesNotHaveDuplicates();
		assertThat(Files.exists(this.dir)).isTrue();
	}

}
