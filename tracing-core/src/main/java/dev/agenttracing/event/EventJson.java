package dev.agenttracing.event;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;

/**
 * Streams an event with a Jackson {@link JsonGenerator}: the same keys, in the same order, with the
 * same values as {@link TraceEvent#toMap()}, without building the map. The generator must come from
 * the {@code ObjectMapper} (or {@code ObjectWriter}) that would otherwise serialize the map, so that
 * values other than strings, numbers, booleans, lists and maps are written as it would write them.
 * {@link TraceEvent#toMap()} stays the reference: the tests hold the bytes of both equal.
 */
public final class EventJson {

	private EventJson() {
	}

	/**
	 * Writes the event as one JSON object, the value {@code toMap()} would serialize to.
	 * @param event the event
	 * @param gen the generator, at a point where a value may be written
	 */
	public static void write(TraceEvent event, JsonGenerator gen) {
		gen.writeStartObject();
		common(event, gen);
		if (event instanceof ToolCallCompleted e) {
			gen.writeName("tool");
			tool(e.tool(), false, e.duration(), null, gen);
			gen.writeName("result");
			content(e.result(), gen);
			gen.writeEndObject();
		}
		else if (event instanceof ToolCallStarted e) {
			gen.writeName("tool");
			tool(e.tool(), false, null, null, gen);
			gen.writeEndObject();
		}
		else if (event instanceof RunContent e) {
			optString("content", e.content(), gen);
			string("content_type", e.contentType(), gen);
		}
		else if (event instanceof RunStarted e) {
			optString("model", e.model(), gen);
			runInput(e.input(), gen);
		}
		else if (event instanceof RunCompleted e) {
			if (e.output() != null) {
				gen.writeName("content");
				content(e.output(), gen);
			}
			string("content_type", e.contentType(), gen);
			metrics(e.metrics(), gen);
			runSummary(e.model(), e.input(), e.tools(), gen);
		}
		else if (event instanceof ToolCallError e) {
			gen.writeName("tool");
			tool(e.tool(), true, e.duration(), e.error(), gen);
			gen.writeEndObject();
			string("error", e.error(), gen);
			string("error_type", e.errorType(), gen);
		}
		else if (event instanceof ModelCallStarted e) {
			gen.writeName("model_call");
			modelCall(e.call(), gen);
			gen.writeEndObject();
		}
		else if (event instanceof ModelCallCompleted e) {
			gen.writeName("model_call");
			modelCall(e.call(), gen);
			if (e.output() != null) {
				gen.writeName("output");
				content(e.output(), gen);
			}
			optString("finish_reason", e.finishReason(), gen);
			TokenUsage usage = e.usage();
			if (usage != null) {
				gen.writeName("usage");
				gen.writeStartObject();
				gen.writeNumberProperty("input_tokens", usage.inputTokens());
				gen.writeNumberProperty("output_tokens", usage.outputTokens());
				gen.writeNumberProperty("total_tokens", usage.totalTokens());
				gen.writeEndObject();
			}
			durationMs(e.duration(), gen);
			gen.writeEndObject();
		}
		else if (event instanceof ModelCallError e) {
			gen.writeName("model_call");
			modelCall(e.call(), gen);
			durationMs(e.duration(), gen);
			gen.writeEndObject();
			string("error", e.error(), gen);
			string("error_type", e.errorType(), gen);
		}
		else if (event instanceof ReasoningStep e) {
			optString("content", e.content(), gen);
			gen.writeStringProperty("content_type", "str");
			optString("reasoning_content", e.reasoningContent(), gen);
		}
		else if (event instanceof RunError e) {
			string("content", e.error(), gen);
			string("error_type", e.errorType(), gen);
			metrics(e.metrics(), gen);
			runSummary(e.model(), e.input(), e.tools(), gen);
		}
		else if (!(event instanceof RunContentCompleted)) {
			throw new IllegalArgumentException("unknown event " + event.getClass().getName());
		}
		gen.writeEndObject();
	}

	private static void common(TraceEvent event, JsonGenerator gen) {
		RunInfo run = event.run();
		gen.writeStringProperty("event", event.event());
		gen.writeStringProperty("timestamp", EventCodec.timestamp(event.timestamp()));
		gen.writeNumberProperty("created_at", event.timestamp().getEpochSecond());
		string("session_id", run.sessionId(), gen);
		string("run_id", run.runId(), gen);
		string("trace_id", run.traceId(), gen);
		string("span_id", event.spanId(), gen);
		String parentSpanId = event.parentSpanId();
		optString("parent_span_id", parentSpanId, gen);
		optString("agent_name", run.agentName(), gen);
		optString("group_id", run.groupId(), gen);
		Map<String, @Nullable Object> metadata = run.metadata();
		if (metadata != null) {
			gen.writeName("metadata");
			content(metadata, gen);
		}
		optString("otel_trace_id", run.otelTraceId(), gen);
		optString("otel_span_id", event.otelSpanId(), gen);
		if (parentSpanId != null) {
			optString("otel_parent_span_id", run.otelSpanId(), gen);
		}
	}

	/** Starts the {@code tool} object and writes the keys of {@link EventCodec#tool}; the caller ends it. */
	private static void tool(ToolInvocation tool, boolean error, @Nullable Duration duration,
			@Nullable String errorMessage, JsonGenerator gen) {
		gen.writeStartObject();
		string("tool_call_id", tool.callId(), gen);
		string("tool_name", tool.name(), gen);
		Map<String, @Nullable Object> arguments = tool.arguments();
		if (arguments != null) {
			gen.writeName("tool_args");
			content(arguments, gen);
		}
		gen.writeBooleanProperty("tool_call_error", error);
		optString("error", errorMessage, gen);
		if (duration != null) {
			durationMs(duration, gen);
		}
	}

	/** Starts the {@code model_call} object and writes the keys of {@link EventCodec#modelCall}; the caller ends it. */
	private static void modelCall(ModelInvocation call, JsonGenerator gen) {
		gen.writeStartObject();
		optString("model", call.model(), gen);
		optString("provider", call.provider(), gen);
		if (call.input() != null) {
			gen.writeName("input");
			content(call.input(), gen);
		}
	}

	private static void durationMs(Duration duration, JsonGenerator gen) {
		gen.writeNumberProperty("duration_ms", toMicros(duration) / 1_000.0);
	}

	private static void metrics(RunMetrics metrics, JsonGenerator gen) {
		gen.writeName("metrics");
		gen.writeStartObject();
		TokenUsage usage = metrics.usage();
		if (usage != null) {
			gen.writeNumberProperty("input_tokens", usage.inputTokens());
			gen.writeNumberProperty("output_tokens", usage.outputTokens());
			gen.writeNumberProperty("total_tokens", usage.totalTokens());
		}
		gen.writeNumberProperty("duration", toMicros(metrics.duration()) / 1_000_000.0);
		gen.writeEndObject();
	}

	private static void runInput(@Nullable Object input, JsonGenerator gen) {
		gen.writeName("run_input");
		gen.writeStartObject();
		if (input != null) {
			gen.writeName("input_content");
			content(input, gen);
		}
		gen.writeEndObject();
	}

	private static void runSummary(@Nullable String model, @Nullable Object input, List<String> tools,
			JsonGenerator gen) {
		optString("model", model, gen);
		runInput(input, gen);
		gen.writeName("tools");
		content(tools, gen);
	}

	/** A key whose value {@code toMap()} puts even when it is {@code null}. */
	private static void string(String name, @Nullable String value, JsonGenerator gen) {
		gen.writeName(name);
		if (value != null) {
			gen.writeString(value);
		}
		else {
			gen.writeNull();
		}
	}

	/** A key {@code toMap()} leaves out when its value is {@code null}. */
	private static void optString(String name, @Nullable String value, JsonGenerator gen) {
		if (value != null) {
			gen.writeStringProperty(name, value);
		}
	}

	/**
	 * A captured value: strings, the common numbers, booleans, and lists and maps with string keys of
	 * those are written here; anything else by the generator's mapper, as it would serialize the map.
	 */
	private static void content(@Nullable Object value, JsonGenerator gen) {
		if (value == null) {
			gen.writeNull();
		}
		else if (value instanceof String string) {
			gen.writeString(string);
		}
		else if (value instanceof Map<?, ?> map && stringKeys(map)) {
			gen.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				gen.writeName((String) entry.getKey());
				content(entry.getValue(), gen);
			}
			gen.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			gen.writeStartArray();
			for (Object item : list) {
				content(item, gen);
			}
			gen.writeEndArray();
		}
		else if (value instanceof Boolean bool) {
			gen.writeBoolean(bool);
		}
		else if (value instanceof Integer number) {
			gen.writeNumber(number.intValue());
		}
		else if (value instanceof Long number) {
			gen.writeNumber(number.longValue());
		}
		else if (value instanceof Double number) {
			gen.writeNumber(number.doubleValue());
		}
		else {
			gen.writePOJO(value);
		}
	}

	private static boolean stringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private static long toMicros(Duration duration) {
		return duration.getSeconds() * 1_000_000L + duration.getNano() / 1_000;
	}

}
