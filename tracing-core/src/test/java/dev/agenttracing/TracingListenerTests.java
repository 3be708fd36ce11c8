package dev.agenttracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

class TracingListenerTests {

	@TempDir
	Path dir;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final RecordingExporter recorder = new RecordingExporter();

	private AgentTracer tracer;

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	private AgentTracer tracer(TracingListener... listeners) {
		AgentTracer.Builder builder = AgentTracer.builder()
			.exporter(new JsonlExporter(this.dir))
			.exporter("recorder", this.recorder);
		for (TracingListener listener : listeners) {
			builder.listener(listener);
		}
		this.tracer = builder.build();
		return this.tracer;
	}

	private TracingListener recording(String name) {
		return new TracingListener() {
			@Override
			public Handle runStarted(RunInfo run, @Nullable String model) {
				TracingListenerTests.this.calls
					.add(name + " run started " + run.agentName() + " on " + Thread.currentThread().getName());
				return handle(name + " run", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
			}

			@Override
			public Handle toolStarted(RunInfo run, Handle runHandle, ToolInvocation tool) {
				TracingListenerTests.this.calls
					.add(name + " tool started " + tool.name() + " under " + runHandle.spanId());
				return handle(name + " tool", null, "53995c3f42cd8ad8");
			}
		};
	}

	private TracingListener.Handle handle(String what, @Nullable String traceId, String spanId) {
		return new TracingListener.Handle() {
			@Override
			public @Nullable String traceId() {
				return traceId;
			}

			@Override
			public String spanId() {
				return spanId;
			}

			@Override
			public void scopeClosed() {
				TracingListenerTests.this.calls.add(what + " scope closed on " + Thread.currentThread().getName());
			}

			@Override
			public void ended(TraceEvent event, @Nullable Throwable error) {
				TracingListenerTests.this.calls.add(what + " ended " + event.event());
			}
		};
	}

	@Test
	void listenerFollowsRunsAndToolsAndTheirIdsReachTheFile() throws Exception {
		AgentTracer tracer = tracer(recording("L"));
		String thread = Thread.currentThread().getName();
		tracer.newRun("agent").sessionId("s").call(() -> tracer.callTool("search", Map.of("q", "x"), () -> "found"));
		assertThat(this.calls).containsExactly("L run started agent on " + thread,
				"L tool started search under 00f067aa0ba902b7", "L tool scope closed on " + thread,
				"L tool ended ToolCallCompleted", "L run scope closed on " + thread, "L run ended RunCompleted");
		tracer.flush(Duration.ofSeconds(5));
		List<Map<String, Object>> lines = TraceFiles.readTraceFile(this.dir.resolve("s.jsonl"));
		assertThat(lines.get(0)).containsEntry("otel_trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
			.containsEntry("otel_span_id", "00f067aa0ba902b7")
			.doesNotContainKey("otel_parent_span_id");
		assertThat(lines.get(1)).containsEntry("otel_trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
			.containsEntry("otel_span_id", "53995c3f42cd8ad8")
			.containsEntry("otel_parent_span_id", "00f067aa0ba902b7");
		assertThat(TraceFiles.readTraceEvents(this.dir.resolve("s.jsonl"))).isEqualTo(this.recorder.events());
	}

	@Test
	void asynchronousWorkClosesTheScopeOnTheStartingThreadAndEndsLater() throws Exception {
		AgentTracer tracer = tracer(recording("L"));
		String thread = Thread.currentThread().getName();
		AgentRun run = tracer.newRun("agent").start();
		ToolCall call = tracer.startTool("slow", Map.of());
		CompletableFuture<String> work = new CompletableFuture<>();
		call.detach();
		run.detach();
		assertThat(this.calls).endsWith("L tool scope closed on " + thread, "L run scope closed on " + thread);
		Thread other = new Thread(() -> {
			work.complete("done");
			call.complete(work.join());
			run.complete("ok");
		}, "other");
		other.start();
		other.join();
		assertThat(this.calls).endsWith("L tool ended ToolCallCompleted", "L run ended RunCompleted");
		assertThat(this.calls).filteredOn(line -> line.contains("scope closed")).hasSize(2);
	}

	@Test
	void failingListenerNeitherBreaksTheRunNorTheOtherListeners() {
		TracingListener broken = new TracingListener() {
			@Override
			public Handle runStarted(RunInfo run, @Nullable String model) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public Handle toolStarted(RunInfo run, Handle runHandle, ToolInvocation tool) {
				return new Handle() {
					@Override
					public void ended(TraceEvent event, @Nullable Throwable error) {
						throw new IllegalStateException("listener bug");
					}
				};
			}
		};
		AgentTracer tracer = tracer(broken, recording("L"));
		String result = tracer.newRun("agent").call(() -> tracer.callTool("t", Map.of(), () -> "r"));
		assertThat(result).isEqualTo("r");
		assertThat(this.calls).contains("L tool ended ToolCallCompleted", "L run ended RunCompleted");
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).hasSize(4);
	}

}
