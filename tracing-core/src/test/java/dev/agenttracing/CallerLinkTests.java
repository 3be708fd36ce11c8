package dev.agenttracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What links a run to a caller in another process (its {@code parent}) and what a tool
 * call's protocol tells of it (its {@code attributes}): checked, bounded, written to the
 * files and read back.
 */
class CallerLinkTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

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
	void aRunContinuingACallerWritesItsParentToRunStartedOnly() throws Exception {
		AgentTracer tracer = tracer();
		RunParent parent = RunParent.of(TRACE, SPAN, "run_caller1", "trace_abc", "span_def", "call_1");
		tracer.newRun("weather-server").sessionId("s1").parent(parent).start().complete("done");
		tracer.flush(Duration.ofSeconds(5));

		List<String> lines = Files.readAllLines(this.dir.resolve("s1.jsonl"));
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).contains("\"parent\":{\"otel_trace_id\":\"" + TRACE + "\",\"otel_span_id\":\"" + SPAN
				+ "\",\"run_id\":\"run_caller1\",\"trace_id\":\"trace_abc\",\"span_id\":\"span_def\",\"tool_call_id\":\"call_1\"}");
		assertThat(lines.get(1)).doesNotContain("\"parent\"");
		List<TraceEvent> read = TraceFiles.readTraceEvents(this.dir.resolve("s1.jsonl"));
		assertThat(((RunStarted) read.get(0)).run().parent()).isEqualTo(parent);
		assertThat(read.get(1).run().parent()).isNull();
	}

	@Test
	void aRunWithoutACallerHasNoParent() throws Exception {
		AgentTracer tracer = tracer();
		tracer.newRun("agent").sessionId("s2").start().complete("done");
		tracer.flush(Duration.ofSeconds(5));
		assertThat(Files.readString(this.dir.resolve("s2.jsonl"))).doesNotContain("\"parent\"");
	}

	@Test
	void malformedPartsOfAParentAreLeftOut() {
		String huge = "a".repeat(1_000_000);
		assertThat(RunParent.of(TRACE.toUpperCase(), SPAN + "0", "run with blanks", huge, "span_\n", "call\"1"))
			.isNull();
		assertThat(RunParent.of("0".repeat(32), "0".repeat(16), null, null, null, null)).isNull();
		assertThat(RunParent.of("g" + TRACE.substring(1), SPAN, null, null, null, null))
			.isEqualTo(new RunParent(null, SPAN, null, null, null, null));
		assertThat(RunParent.of(null, null, "r".repeat(RunParent.MAX_ID_LENGTH), null, null, null).runId())
			.hasSize(RunParent.MAX_ID_LENGTH);
		assertThat(RunParent.of(null, null, "r".repeat(RunParent.MAX_ID_LENGTH + 1), null, null, null)).isNull();
	}

	@Test
	void aMalformedParentInAFileIsReadWithoutItsBadParts() {
		String line = "{\"event\":\"RunStarted\",\"timestamp\":\"2026-11-29T10:00:00.000000Z\",\"created_at\":1,"
				+ "\"session_id\":\"s\",\"run_id\":\"run_1\",\"trace_id\":\"trace_1\",\"span_id\":\"span_1\","
				+ "\"run_input\":{},\"parent\":{\"otel_trace_id\":42,\"otel_span_id\":\"" + SPAN
				+ "\",\"run_id\":[\"x\"],\"trace_id\":\"bad id\"}}";
		RunStarted started = (RunStarted) TraceEvent.fromMap(EventCodec.readLine(line));
		assertThat(started.run().parent()).isEqualTo(new RunParent(null, SPAN, null, null, null, null));
	}

	@Test
	void aToolCallsAttributesGoIntoItsToolObjectAndAreReadBack() throws Exception {
		AgentTracer tracer = tracer();
		AgentRun run = tracer.newRun("agent").sessionId("s3").start();
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("mcp.method.name", "tools/call");
		attributes.put("mcp.session.id", "3f2a");
		run.startTool("get_weather", "call_1", Map.of("city", "Paris"), attributes).complete("sunny");
		run.complete("ok");
		tracer.flush(Duration.ofSeconds(5));

		List<String> lines = Files.readAllLines(this.dir.resolve("s3.jsonl"));
		assertThat(lines.get(1))
			.contains("\"attributes\":{\"mcp.method.name\":\"tools/call\",\"mcp.session.id\":\"3f2a\"}");
		List<TraceEvent> read = TraceFiles.readTraceEvents(this.dir.resolve("s3.jsonl"));
		assertThat(((ToolCallStarted) read.get(1)).tool().attributes()).isEqualTo(attributes);
		assertThat(((ToolCallCompleted) read.get(2)).tool().attribute("mcp.session.id")).isEqualTo("3f2a");
	}

	@Test
	void attributesAreBoundedAndRedacted() throws Exception {
		AgentTracer tracer = tracer();
		AgentRun run = tracer.newRun("agent").sessionId("s4").start();
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("", "empty key");
		attributes.put("k".repeat(129), "long key");
		attributes.put("secret", "Bearer abcdefghijklmnopqrstuvwxyz0123456789");
		attributes.put("huge", "v".repeat(1_000_000));
		for (int i = 0; i < 40; i++) {
			attributes.put("a" + i, "x");
		}
		run.startTool("t", null, null, attributes).complete(null);
		run.complete("ok");
		tracer.flush(Duration.ofSeconds(5));

		ToolCallStarted started = (ToolCallStarted) this.recorder.awaitEvents(4, Duration.ofSeconds(5)).get(1);
		Map<String, String> kept = started.tool().attributes();
		assertThat(kept).hasSize(32).doesNotContainKeys("", "k".repeat(129));
		assertThat(kept.get("secret")).doesNotContain("abcdefghijklmnopqrstuvwxyz0123456789");
		assertThat(kept.get("huge").length()).isLessThan(200_000);
	}

}
