package dev.agenttracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Model calls through the manual API: events, parenting, usage and the files they end up
 * in.
 */
class ModelCallTests {

	@TempDir
	Path dir;

	private final RecordingExporter recorder = new RecordingExporter();

	private final List<String> listened = new ArrayList<>();

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
			.listener(new TracingListener() {

				@Override
				public Handle runStarted(RunInfo run, @Nullable String model) {
					return new Handle() {
					};
				}

				@Override
				public Handle modelCallStarted(RunInfo run, Handle runHandle, ModelInvocation call) {
					ModelCallTests.this.listened
						.add("started " + call.model() + " under run " + (runHandle != Handle.NONE));
					return new Handle() {

						@Override
						public void ended(TraceEvent event, @Nullable Throwable error) {
							ModelCallTests.this.listened.add("ended " + event.event());
						}

					};
				}

			})
			.build();
		return this.tracer;
	}

	@Test
	void modelCallsAreChildrenOfTheRunAndTheirUsageIsSummedIntoTheRunsMetrics() throws Exception {
		AgentTracer tracer = tracer();
		String answer = tracer.newRun("Support Agent").sessionId("s1").input("Where is ticket 7?").call(() -> {
			ModelCall first = tracer.startModelCall("gpt-5-mini", "openai",
					List.of(Map.of("role", "user", "content", "Where is ticket 7?")));
			first.complete(Map.of("tool_calls", List.of("lookup_ticket")), TokenUsage.of(100, 10), "tool_calls");
			return tracer.callModel("gpt-5-mini", "ticket 7: shipped", () -> {
				AgentTracer.currentModelCall().usage(TokenUsage.of(30, 5)).finishReason("stop");
				return "Ticket 7 has shipped.";
			});
		});
		assertThat(answer).isEqualTo("Ticket 7 has shipped.");
		assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();

		List<TraceEvent> events = TraceFiles.readTraceEvents(this.dir.resolve("s1.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		assertThat(events).isEqualTo(this.recorder.events());
		String runSpan = events.get(0).spanId();
		List<ModelCallCompleted> calls = events.stream()
			.filter(ModelCallCompleted.class::isInstance)
			.map(ModelCallCompleted.class::cast)
			.toList();
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.parentSpanId()).isEqualTo(runSpan);
			assertThat(call.call().model()).isEqualTo("gpt-5-mini");
		});
		assertThat(calls.get(0).spanId()).isEqualTo(events.get(1).spanId()).isNotEqualTo(calls.get(1).spanId());
		assertThat(calls.get(0).call().provider()).isEqualTo("openai");
		assertThat(calls.get(0).usage()).isEqualTo(new TokenUsage(100, 10, 110));
		assertThat(calls.get(0).finishReason()).isEqualTo("tool_calls");
		assertThat(calls.get(1).output()).isEqualTo("Ticket 7 has shipped.");
		assertThat(calls.get(1).call().input()).isEqualTo("ticket 7: shipped");
		assertThat(calls.get(1).usage()).isEqualTo(new TokenUsage(30, 5, 35));
		assertThat(calls.get(1).finishReason()).isEqualTo("stop");
		assertThat(((RunCompleted) events.get(5)).metrics().usage()).isEqualTo(new TokenUsage(130, 15, 145));
		assertThat(this.listened).containsExactly("started gpt-5-mini under run true", "ended ModelCallCompleted",
				"started gpt-5-mini under run true", "ended ModelCallCompleted");
	}

	@Test
	void usageTheRunReportsItselfWinsOverTheModelCallsSum() throws Exception {
		AgentTracer tracer = tracer();
		try (AgentRun run = tracer.newRun("agent").start()) {
			run.startModelCall("m", null, "hi").complete("hello", TokenUsage.of(5, 5));
			run.complete("done", TokenUsage.of(1, 2));
		}
		List<TraceEvent> events = this.recorder.awaitEvents(4, Duration.ofSeconds(5));
		assertThat(((RunCompleted) events.get(3)).metrics().usage()).isEqualTo(TokenUsage.of(1, 2));
	}

	@Test
	void aFailedModelCallIsRecordedAndRethrownAndAFailedRunStillSumsTheCompletedCalls() throws Exception {
		AgentTracer tracer = tracer();
		IllegalStateException boom = new IllegalStateException("rate limited");
		assertThatIllegalStateException().isThrownBy(() -> tracer.newRun("agent").call(() -> {
			tracer.startModelCall("m", "openai", "first").complete("ok", TokenUsage.of(7, 3));
			return tracer.callModel("m", "second", () -> {
				throw boom;
			});
		})).isSameAs(boom);
		List<TraceEvent> events = this.recorder.awaitEvents(6, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ModelCallStarted",
					"ModelCallError", "RunError");
		ModelCallError error = (ModelCallError) events.get(4);
		assertThat(error.error()).isEqualTo("rate limited");
		assertThat(error.errorType()).isEqualTo("IllegalStateException");
		assertThat(error.parentSpanId()).isEqualTo(events.get(0).spanId());
		assertThat(((RunError) events.get(5)).metrics().usage()).isEqualTo(TokenUsage.of(7, 3));
	}

	@Test
	void outsideAnyRunModelCallsRecordNothingAndNeverThrow() throws Exception {
		AgentTracer tracer = tracer();
		ModelCall call = tracer.startModelCall("m", null, "hi");
		assertThat(call.isRecorded()).isFalse();
		call.usage(TokenUsage.of(1, 1)).complete("x");
		call.fail(new RuntimeException());
		assertThat(tracer.callModel("m", "hi", () -> "answer")).isEqualTo("answer");
		assertThat(AgentTracer.currentModelCall().isRecorded()).isFalse();
		tracer.newRun("agent").call(() -> "done");
		List<TraceEvent> events = this.recorder.awaitEvents(2, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event).containsExactly("RunStarted", "RunCompleted");
		assertThat(((RunCompleted) events.get(1)).metrics().usage()).isNull();
	}

	@Test
	void completingTwiceRecordsOnceAndCountsTheUsageOnce() throws Exception {
		AgentTracer tracer = tracer();
		try (AgentRun run = tracer.newRun("agent").start()) {
			ModelCall call = run.startModelCall("m", null, null);
			call.complete("a", TokenUsage.of(2, 2));
			call.complete("b", TokenUsage.of(9, 9));
			call.fail(new RuntimeException());
		}
		List<TraceEvent> events = this.recorder.awaitEvents(4, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		assertThat(events.get(0)).isInstanceOf(RunStarted.class);
		assertThat(events.get(1)).isInstanceOf(ModelCallStarted.class);
		assertThat(((RunCompleted) events.get(3)).metrics().usage()).isEqualTo(TokenUsage.of(2, 2));
	}

}
