package dev.agenttracing.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry GenAI attributes of {@code invoke_agent}, {@code chat} and
 * {@code execute_tool} spans: every convention key, and captured content on spans only
 * when asked, redacted and in the conventions' JSON structure.
 */
class GenAiSpanAttributesTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String SECRET = "sk-abcdefghijklmnopqrstuvwxyz123456";

	private static final List<String> CONTENT_KEYS = List.of(GenAiKeys.INPUT_MESSAGES, GenAiKeys.OUTPUT_MESSAGES,
			GenAiKeys.SYSTEM_INSTRUCTIONS, GenAiKeys.TOOL_CALL_ARGUMENTS, GenAiKeys.TOOL_CALL_RESULT,
			GenAiKeys.INPUT_VALUE, GenAiKeys.OUTPUT_VALUE);

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<Observation.Context> stopped = new ArrayList<>();

	private final RecordingExporter recorder = new RecordingExporter();

	private AgentTracer tracer;

	GenAiSpanAttributesTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				GenAiSpanAttributesTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void everyConventionKeyIsOnTheRunTheModelCallAndTheToolCall() {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry));
		Observation.Context run = context(AgentRunContext.class);
		assertThat(keys(run)).contains("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.agent.name",
				"gen_ai.request.model", "gen_ai.conversation.id", "gen_ai.usage.input_tokens",
				"gen_ai.usage.output_tokens", "error.type");
		assertThat(value(run, "gen_ai.operation.name")).isEqualTo("invoke_agent");
		assertThat(value(run, "gen_ai.provider.name")).isEqualTo("openai");
		assertThat(value(run, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
		Observation.Context chat = context(ModelCallContext.class);
		assertThat(value(chat, "gen_ai.operation.name")).isEqualTo("chat");
		assertThat(value(chat, "gen_ai.provider.name")).isEqualTo("openai");
		assertThat(value(chat, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
		assertThat(value(chat, "gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(value(chat, "gen_ai.response.id")).isEqualTo("chatcmpl-123");
		assertThat(value(chat, "gen_ai.response.finish_reasons")).isEqualTo("tool_call");
		assertThat(value(chat, "gen_ai.usage.input_tokens")).isEqualTo("120");
		assertThat(value(chat, "gen_ai.usage.output_tokens")).isEqualTo("20");
		assertThat(value(chat, "gen_ai.conversation.id")).isEqualTo("session-1");
		Observation.Context tool = context(ToolCallContext.class);
		assertThat(value(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
		assertThat(value(tool, "gen_ai.tool.name")).isEqualTo("weather");
		assertThat(value(tool, "gen_ai.tool.type")).isEqualTo("function");
		assertThat(value(tool, "gen_ai.tool.call.id")).isNotBlank();
	}

	@Test
	void withContentOffNoContentAndNoOpenInferenceKeyIsOnAnySpan() {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry));
		assertThat(this.stopped).hasSize(3);
		for (Observation.Context context : this.stopped) {
			assertThat(keys(context)).doesNotContainAnyElementsOf(CONTENT_KEYS)
				.doesNotContain(GenAiKeys.OPENINFERENCE_SPAN_KIND);
			assertThat(context.getAllKeyValues().stream().map(KeyValue::getValue))
				.noneMatch((value) -> value.contains("Paris") || value.contains("sk-"));
		}
	}

	@Test
	void withContentOnTheModelCallCarriesItsMessagesInTheConventionsStructureRedacted() throws Exception {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry).withIncludeContent(true));
		Observation.Context chat = context(ModelCallContext.class);
		List<Map<String, Object>> input = messages(value(chat, GenAiKeys.INPUT_MESSAGES));
		assertThat(input).extracting((message) -> message.get("role")).containsExactly("user", "assistant", "tool");
		assertThat(input.get(0).get("parts"))
			.isEqualTo(List.of(Map.of("type", "text", "content", "Weather in Paris? My key is " + "[REDACTED]")));
		assertThat(input.get(1).get("parts")).isEqualTo(List
			.of(Map.of("type", "tool_call", "id", "call-1", "name", "weather", "arguments", Map.of("city", "Paris"))));
		assertThat(input.get(2).get("parts"))
			.isEqualTo(List.of(Map.of("type", "tool_call_response", "id", "call-1", "response", Map.of("temp", 21))));
		assertThat(json(value(chat, GenAiKeys.SYSTEM_INSTRUCTIONS)))
			.isEqualTo(List.of(Map.of("type", "text", "content", "You forecast weather.")));
		List<Map<String, Object>> output = messages(value(chat, GenAiKeys.OUTPUT_MESSAGES));
		assertThat(output).hasSize(1);
		assertThat(output.get(0)).containsEntry("role", "assistant").containsEntry("finish_reason", "tool_call");
		assertThat(output.get(0).get("parts")).isEqualTo(List.of(Map.of("type", "text", "content", "Checking."),
				Map.of("type", "tool_call", "id", "call-2", "name", "weather", "arguments", Map.of("city", "Rome"))));
		assertThat(chat.getAllKeyValues().stream().map(KeyValue::getValue)).noneMatch((v) -> v.contains(SECRET));
		assertThat(keys(chat)).doesNotContain(GenAiKeys.OPENINFERENCE_SPAN_KIND, GenAiKeys.INPUT_VALUE);
	}

	@Test
	void withContentOnTheRunCarriesItsInputAndOutputAndTheToolItsArgumentsAndResult() throws Exception {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry).withIncludeContent(true));
		Observation.Context run = context(AgentRunContext.class);
		assertThat(json(value(run, GenAiKeys.INPUT_MESSAGES))).isEqualTo(List
			.of(Map.of("role", "user", "parts", List.of(Map.of("type", "text", "content", "Weather in Paris?")))));
		assertThat(json(value(run, GenAiKeys.OUTPUT_MESSAGES))).isEqualTo(List.of(Map.of("role", "assistant", "parts",
				List.of(Map.of("type", "text", "content", "Sunny, 21 degrees")), "finish_reason", "stop")));
		Observation.Context tool = context(ToolCallContext.class);
		assertThat(value(tool, GenAiKeys.TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(value(tool, GenAiKeys.TOOL_CALL_RESULT)).isEqualTo("{\"temp\":21}");
	}

	@Test
	void theOpenInferenceKeysComeWithTheirSwitch() {
		runWithOneModelCallAndOneTool(
				new ObservationTracingListener(this.registry).withIncludeContent(true).withOpenInference(true));
		Observation.Context run = context(AgentRunContext.class);
		assertThat(value(run, "openinference.span.kind")).isEqualTo("AGENT");
		assertThat(value(run, "session.id")).isEqualTo("session-1");
		assertThat(value(run, "input.value")).isEqualTo("Weather in Paris?");
		assertThat(value(run, "output.value")).isEqualTo("Sunny, 21 degrees");
		assertThat(value(run, "input.mime_type")).isEqualTo("text/plain");
		Observation.Context chat = context(ModelCallContext.class);
		assertThat(value(chat, "openinference.span.kind")).isEqualTo("LLM");
		assertThat(value(chat, "input.value")).contains("[REDACTED]").doesNotContain(SECRET);
		assertThat(value(chat, "input.mime_type")).isEqualTo("application/json");
		assertThat(value(chat, "output.value")).contains("Checking.");
		Observation.Context tool = context(ToolCallContext.class);
		assertThat(value(tool, "openinference.span.kind")).isEqualTo("TOOL");
		assertThat(value(tool, "input.value")).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(value(tool, "output.value")).isEqualTo("{\"temp\":21}");
	}

	@Test
	void theOpenInferenceKindAndSessionNeedNoContent() {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry).withOpenInference(true));
		assertThat(value(context(ModelCallContext.class), "openinference.span.kind")).isEqualTo("LLM");
		assertThat(value(context(ToolCallContext.class), "session.id")).isEqualTo("session-1");
		for (Observation.Context context : this.stopped) {
			assertThat(keys(context)).doesNotContainAnyElementsOf(CONTENT_KEYS);
		}
	}

	@Test
	void anOverLongContentAttributeIsCutWithAVisibleMarker() {
		runWithOneModelCallAndOneTool(
				new ObservationTracingListener(this.registry).withIncludeContent(true).withMaxAttributeLength(40));
		String input = value(context(ModelCallContext.class), GenAiKeys.INPUT_MESSAGES);
		assertThat(input).hasSizeLessThan(80)
			.startsWith("[{\"role\":\"user\"")
			.matches(".*\\.\\.\\. \\[truncated \\d+ characters]");
		assertThat(value(context(ToolCallContext.class), GenAiKeys.TOOL_CALL_ARGUMENTS))
			.isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void aTextInputAndOutputBecomeOneUserAndOneAssistantMessage() throws Exception {
		this.tracer = AgentTracer.builder()
			.listener(new ObservationTracingListener(this.registry).withIncludeContent(true))
			.exporter(this.recorder)
			.build();
		this.tracer.newRun("Agent").call(() -> this.tracer.callModel("m", "Hello", () -> "Hi there"));
		Observation.Context chat = context(ModelCallContext.class);
		assertThat(json(value(chat, GenAiKeys.INPUT_MESSAGES)))
			.isEqualTo(List.of(Map.of("role", "user", "parts", List.of(Map.of("type", "text", "content", "Hello")))));
		assertThat(json(value(chat, GenAiKeys.OUTPUT_MESSAGES))).isEqualTo(List.of(Map.of("role", "assistant", "parts",
				List.of(Map.of("type", "text", "content", "Hi there")), "finish_reason", "stop")));
		assertThat(keys(chat)).doesNotContain(GenAiKeys.SYSTEM_INSTRUCTIONS, GenAiKeys.RESPONSE_MODEL,
				GenAiKeys.RESPONSE_ID);
	}

	@Test
	void theResponseModelAndIdAreWrittenToTheModelCallCompletedEvent() throws Exception {
		runWithOneModelCallAndOneTool(new ObservationTracingListener(this.registry));
		List<TraceEvent> events = this.recorder.awaitEvents(8, Duration.ofSeconds(5));
		ModelCallCompleted completed = events.stream()
			.filter(ModelCallCompleted.class::isInstance)
			.map(ModelCallCompleted.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(completed.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(completed.responseId()).isEqualTo("chatcmpl-123");
		@SuppressWarnings("unchecked")
		Map<String, Object> call = (Map<String, Object>) completed.toMap().get("model_call");
		assertThat(call).containsEntry("response_model", "gpt-4o-mini-2024-07-18")
			.containsEntry("response_id", "chatcmpl-123");
	}

	private void runWithOneModelCallAndOneTool(ObservationTracingListener listener) {
		this.tracer = AgentTracer.builder().listener(listener).exporter(this.recorder).build();
		AgentRun run = this.tracer.newRun("Weather Agent").sessionId("session-1").input("Weather in Paris?").start();
		try (var scope = run.makeCurrent()) {
			ModelCall call = run.startModelCall("gpt-4o-mini", "openai", List.of(
					message("system", "You forecast weather."),
					message("user", "Weather in Paris? My key is " + SECRET),
					Map.of("role", "assistant", "tool_calls",
							List.of(Map.of("id", "call-1", "name", "weather", "arguments", Map.of("city", "Paris")))),
					Map.of("role", "tool", "tool_responses",
							List.of(Map.of("id", "call-1", "name", "weather", "result", Map.of("temp", 21))))));
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("content", "Checking.");
			answer.put("tool_calls",
					List.of(Map.of("id", "call-2", "name", "weather", "arguments", Map.of("city", "Rome"))));
			call.responseModel("gpt-4o-mini-2024-07-18").responseId("chatcmpl-123");
			call.complete(answer, TokenUsage.of(120, 20), "TOOL_CALLS");
			ToolCall tool = run.startTool("weather", Map.of("city", "Paris"));
			tool.complete(Map.of("temp", 21));
		}
		run.complete("Sunny, 21 degrees");
	}

	private static Map<String, Object> message(String role, String content) {
		return Map.of("role", role, "content", content);
	}

	private Observation.Context context(Class<? extends Observation.Context> type) {
		return this.stopped.stream().filter(type::isInstance).findFirst().orElseThrow();
	}

	private static List<String> keys(Observation.Context context) {
		return context.getAllKeyValues().stream().map(KeyValue::getKey).toList();
	}

	private static String value(Observation.Context context, String key) {
		return context.getAllKeyValues()
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals(key))
			.map(KeyValue::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + key + " in " + context.getAllKeyValues()));
	}

	private static Object json(String text) {
		return mapper.readValue(text, Object.class);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> messages(String text) {
		return (List<Map<String, Object>>) json(text);
	}

}
