package dev.agenttracing.event;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agenttracing.export.TraceEventFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceEventTests {

	private static final RunInfo RUN = new RunInfo("run-1", "s", "trace_0123456789abcdef0123456789abcdef",
			"span_0123456789abcdef01234567", "agent", "group", Map.of("k", "v"));

	private static final Instant AT = Instant.parse("2026-01-02T22:07:49.900001Z");

	private static final ModelInvocation MODEL_CALL = new ModelInvocation("span_dddddddddddddddddddddddd", "gpt-5-mini",
			"openai", List.of(Map.of("role", "user", "content", "Where is ticket 7?")));

	@Test
	void everyEventRoundTripsThroughItsMap() {
		ToolInvocation tool = new ToolInvocation("call_1", "search", "span_aaaaaaaaaaaaaaaaaaaaaaaa",
				Map.of("q", "x", "n", 3));
		List<TraceEvent> events = List.of(new RunStarted(AT, RUN, "gpt", Map.of("a", 1)),
				new RunStarted(AT, RUN, null, null), new RunContent(AT, RUN, "chunk", "str"),
				new RunContentCompleted(AT, RUN), new ToolCallStarted(AT, RUN, tool),
				new ToolCallCompleted(AT, RUN, tool, List.of(1, "two", 3.5, true), Duration.ofNanos(1_234_000)),
				new ToolCallCompleted(AT, RUN, new ToolInvocation("c", "n", "span_b", null), null, Duration.ZERO),
				new ToolCallError(AT, RUN, tool, Duration.ofMillis(5), "boom", "IOException"),
				new ModelCallStarted(AT, RUN, MODEL_CALL),
				new ModelCallCompleted(AT, RUN, MODEL_CALL, Map.of("tool_calls", List.of("search")), "tool_calls",
						TokenUsage.of(120, 20), Duration.ofNanos(2_345_000)),
				new ModelCallCompleted(AT, RUN, new ModelInvocation("span_e", null, null, null), null, null, null,
						Duration.ZERO),
				new ModelCallError(AT, RUN, MODEL_CALL, Duration.ofMillis(7), "rate limited",
						"HttpClientErrorException"),
				new ReasoningStep(AT, RUN, "span_cccccccccccccccccccccccc", "think", null),
				new RunCompleted(AT, RUN, "gpt", "in", Map.of("answer", 42), List.of("search"),
						new RunMetrics(TokenUsage.of(3, 4), Duration.ofMillis(1500))),
				new RunCompleted(AT, RUN, null, null, null, List.of(), new RunMetrics(null, Duration.ofNanos(1_000))),
				new RunError(AT, RUN, "gpt", "in", List.of("search"), "failed", "IllegalStateException",
						new RunMetrics(null, Duration.ofSeconds(2))));
		for (TraceEvent event : events) {
			assertThat(TraceEvent.fromMap(event.toMap())).as(event.event()).isEqualTo(event);
		}
		assertThat(events.stream().map(TraceEvent::event).distinct())
			.containsExactlyInAnyOrderElementsOf(TraceEvent.NAMES);
	}

	@Test
	void mapUsesTheDocumentedKeysInOrder() {
		Map<String, Object> map = new RunStarted(AT, RUN, "gpt", "hi").toMap();
		assertThat(map.keySet()).containsExactly("event", "timestamp", "created_at", "session_id", "run_id", "trace_id",
				"span_id", "agent_name", "group_id", "metadata", "model", "run_input");
		assertThat(map).containsEntry("timestamp", "2026-01-02T22:07:49.900001Z")
			.containsEntry("created_at", 1767391669L);
	}

	@Test
	void modelCallLinesCarryTheDocumentedModelCallObjectUnderTheRunsSpan() {
		Map<String, Object> started = new ModelCallStarted(AT, RUN, MODEL_CALL).toMap();
		assertThat(started).containsEntry("event", "ModelCallStarted")
			.containsEntry("span_id", "span_dddddddddddddddddddddddd")
			.containsEntry("parent_span_id", RUN.spanId());
		assertThat(started.get("model_call")).isEqualTo(Map.of("model", "gpt-5-mini", "provider", "openai", "input",
				List.of(Map.of("role", "user", "content", "Where is ticket 7?"))));
		Map<String, Object> completed = new ModelCallCompleted(AT, RUN, MODEL_CALL, "Ticket 7 ships today", "stop",
				new TokenUsage(120, 20, 140), Duration.ofNanos(1_500_000))
			.toMap();
		assertThat(completed).containsEntry("parent_span_id", RUN.spanId());
		@SuppressWarnings("unchecked")
		Map<String, Object> call = (Map<String, Object>) completed.get("model_call");
		assertThat(call.keySet()).containsExactly("model", "provider", "input", "output", "finish_reason", "usage",
				"duration_ms");
		assertThat(call).containsEntry("output", "Ticket 7 ships today")
			.containsEntry("finish_reason", "stop")
			.containsEntry("usage", Map.of("input_tokens", 120L, "output_tokens", 20L, "total_tokens", 140L))
			.containsEntry("duration_ms", 1.5);
		Map<String, Object> failed = new ModelCallError(AT, RUN, MODEL_CALL, Duration.ofMillis(3), "boom",
				"IOException")
			.toMap();
		assertThat(failed).containsEntry("error", "boom").containsEntry("error_type", "IOException");
	}

	@Test
	void badMapsAreRejectedNamingTheKey() {
		Map<String, Object> map = new LinkedHashMap<>(new RunContentCompleted(AT, RUN).toMap());
		map.put("event", "Nope");
		assertThatIllegalArgumentException().isThrownBy(() -> TraceEvent.fromMap(map))
			.withMessageContaining("unknown event 'Nope'");
		map.put("event", "RunContentCompleted");
		map.put("timestamp", "yesterday");
		assertThatIllegalArgumentException().isThrownBy(() -> TraceEvent.fromMap(map))
			.withMessageContaining("'timestamp'");
		map.remove("timestamp");
		assertThatIllegalArgumentException().isThrownBy(() -> TraceEvent.fromMap(map))
			.withMessage("missing 'timestamp'");
	}

	@Test
	void nameFilterRejectsUnknownNamesListingTheAllowedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> TraceEventFilter.byName(List.of(), List.of("RunContnet")))
			.withMessageContaining("RunContnet")
			.withMessageContaining("RunContent, RunContentCompleted");
		TraceEventFilter filter = TraceEventFilter.byName(List.of(), List.of("RunContent"));
		assertThat(filter.test(new RunContent(AT, RUN, "x", "str"))).isFalse();
		assertThat(filter.test(new RunContentCompleted(AT, RUN))).isTrue();
		TraceEventFilter only = TraceEventFilter.byName(List.of("RunStarted"), List.of());
		assertThat(only.test(new RunContentCompleted(AT, RUN))).isFalse();
	}

}
