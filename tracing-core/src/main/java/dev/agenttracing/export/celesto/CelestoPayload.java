package dev.agenttracing.export.celesto;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * Turns trace events into the items of Celesto's ingest body, with the keys of the
 * agentor SDK: the one place that knows them. Also keeps every {@code input} and
 * {@code output} within the field limit and replaces the API token wherever it shows up
 * in the content.
 */
final class CelestoPayload {

	static final String TRUNCATION_SUFFIX = "... [truncated]";

	static final String REDACTED = "[REDACTED]";

	static final String TOOL_ERROR_MESSAGE = "Error running tool";

	static final String MODEL_ERROR_MESSAGE = "Error calling model";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
		.withZone(ZoneOffset.UTC);

	private static final String DEFAULT_WORKFLOW_NAME = "Agent workflow";

	private final JsonMapper mapper;

	private final int maxFieldBytes;

	private final @Nullable String secret;

	/**
	 * @param mapper writes the JSON
	 * @param maxFieldBytes the most bytes the JSON of one {@code input} or {@code output}
	 * may take
	 * @param secret a value that must never be sent (the API token), or {@code null}
	 */
	CelestoPayload(JsonMapper mapper, int maxFieldBytes, @Nullable String secret) {
		this.mapper = mapper;
		this.maxFieldBytes = maxFieldBytes;
		this.secret = (secret != null && !secret.isEmpty()) ? secret : null;
	}

	/**
	 * The item of one event, or {@code null} for the events that are not sent (tool and
	 * model call starts, content chunks).
	 */
	@Nullable Map<String, @Nullable Object> item(TraceEvent event) {
		if (event instanceof RunStarted started) {
			return trace(started.run());
		}
		if (event instanceof RunCompleted completed) {
			return span(completed, completed.startedAt(),
					agentData(completed.run(), completed.model(), completed.input(), completed.output(),
							completed.contentType(), completed.tools(), completed.metrics()),
					null);
		}
		if (event instanceof RunError failed) {
			Map<String, @Nullable Object> data = new LinkedHashMap<>(2);
			data.put("error_type", failed.errorType());
			return span(failed, failed.startedAt(), agentData(failed.run(), failed.model(), failed.input(), null, "str",
					failed.tools(), failed.metrics()), error(failed.error(), data));
		}
		if (event instanceof ToolCallCompleted completed) {
			return span(completed, completed.startedAt(), functionData(completed.tool(), completed.result()), null);
		}
		if (event instanceof ToolCallError failed) {
			Map<String, @Nullable Object> data = new LinkedHashMap<>(2);
			data.put("tool_name", failed.tool().name());
			data.put("error", text(failed.error()));
			return span(failed, failed.startedAt(), functionData(failed.tool(), null), error(TOOL_ERROR_MESSAGE, data));
		}
		if (event instanceof ModelCallCompleted completed) {
			return span(completed, completed.startedAt(),
					generationData(completed.call(), completed.output(), completed.usage()), null);
		}
		if (event instanceof ModelCallError failed) {
			Map<String, @Nullable Object> data = new LinkedHashMap<>(4);
			data.put("model", failed.call().model());
			data.put("error_type", failed.errorType());
			data.put("error", text(failed.error()));
			return span(failed, failed.startedAt(), generationData(failed.call(), null, null),
					error(MODEL_ERROR_MESSAGE, data));
		}
		if (event instanceof ReasoningStep step) {
			Map<String, @Nullable Object> data = new LinkedHashMap<>(2);
			if (step.content() != null) {
				data.put("content", text(step.content()));
			}
			if (step.reasoningContent() != null) {
				data.put("reasoning_content", text(step.reasoningContent()));
			}
			Map<String, @Nullable Object> spanData = new LinkedHashMap<>(4);
			spanData.put("type", "custom");
			spanData.put("name", "reasoning");
			spanData.put("data", data);
			return span(step, step.timestamp(), spanData, null);
		}
		return null;
	}

	/** The item as UTF-8 JSON. */
	byte[] serialize(Map<String, @Nullable Object> item) {
		return this.mapper.writeValueAsBytes(item);
	}

	private Map<String, @Nullable Object> trace(RunInfo run) {
		Map<String, @Nullable Object> item = new LinkedHashMap<>(8);
		item.put("object", "trace");
		item.put("id", run.traceId());
		item.put("workflow_name", workflowName(run));
		item.put("group_id", scrub(run.groupId()));
		item.put("metadata", scrub(metadata(run)));
		return item;
	}

	/**
	 * The run's metadata, plus the W3C ids of its span when a tracing bridge is active.
	 */
	private static @Nullable Map<String, @Nullable Object> metadata(RunInfo run) {
		if (run.otelTraceId() == null) {
			return run.metadata();
		}
		Map<String, @Nullable Object> metadata = new LinkedHashMap<>();
		if (run.metadata() != null) {
			metadata.putAll(run.metadata());
		}
		metadata.put("otel_trace_id", run.otelTraceId());
		if (run.otelSpanId() != null) {
			metadata.put("otel_span_id", run.otelSpanId());
		}
		return metadata;
	}

	private Map<String, @Nullable Object> span(TraceEvent event, Instant startedAt,
			Map<String, @Nullable Object> spanData, @Nullable Map<String, @Nullable Object> error) {
		Map<String, @Nullable Object> item = new LinkedHashMap<>(12);
		item.put("object", "trace.span");
		item.put("span_id", event.spanId());
		item.put("trace_id", event.traceId());
		item.put("parent_id", event.parentSpanId());
		item.put("started_at", timestamp(startedAt));
		item.put("ended_at", timestamp(event.timestamp()));
		item.put("span_data", spanData);
		if (error != null) {
			item.put("error", error);
		}
		return item;
	}

	private Map<String, @Nullable Object> agentData(RunInfo run, @Nullable String model, @Nullable Object input,
			@Nullable Object output, String outputType, List<String> tools, RunMetrics metrics) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>(12);
		data.put("type", "agent");
		data.put("name", workflowName(run));
		data.put("handoffs", List.of());
		data.put("tools", tools);
		data.put("output_type", outputType);
		data.put("model", model);
		data.put("input", field(input));
		data.put("output", field(output));
		data.put("usage", usage(metrics.usage()));
		return data;
	}

	private Map<String, @Nullable Object> functionData(ToolInvocation tool, @Nullable Object output) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>(6);
		data.put("type", "function");
		data.put("name", tool.name());
		Map<String, @Nullable Object> arguments = tool.arguments();
		data.put("input", (arguments != null) ? text(this.mapper.writeValueAsString(scrub(arguments))) : null);
		data.put("output", field(output));
		return data;
	}

	private Map<String, @Nullable Object> generationData(ModelInvocation call, @Nullable Object output,
			@Nullable TokenUsage usage) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>(6);
		data.put("type", "generation");
		data.put("model", scrub(call.model()));
		data.put("input", field(call.input()));
		data.put("output", field(output));
		data.put("usage", usage(usage));
		return data;
	}

	private Map<String, @Nullable Object> error(String message, Map<String, @Nullable Object> data) {
		Map<String, @Nullable Object> error = new LinkedHashMap<>(4);
		error.put("message", text(message));
		error.put("data", data);
		return error;
	}

	private static @Nullable Map<String, @Nullable Object> usage(@Nullable TokenUsage usage) {
		if (usage == null) {
			return null;
		}
		Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
		map.put("input_tokens", usage.inputTokens());
		map.put("output_tokens", usage.outputTokens());
		map.put("total_tokens", usage.totalTokens());
		return map;
	}

	private static String workflowName(RunInfo run) {
		return (run.agentName() != null) ? run.agentName() : DEFAULT_WORKFLOW_NAME;
	}

	static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	/**
	 * An {@code input} or {@code output} value: unchanged while its JSON fits the field
	 * limit, else (for a string) cut to fit with {@value #TRUNCATION_SUFFIX}, or (for any
	 * other value) its JSON text cut the same way.
	 */
	@Nullable Object field(@Nullable Object value) {
		Object clean = scrub(value);
		if (clean == null || clean instanceof String) {
			return (clean != null) ? truncate((String) clean, this.maxFieldBytes) : null;
		}
		String json = this.mapper.writeValueAsString(clean);
		return (utf8Length(json) <= this.maxFieldBytes) ? new RawValue(json) : truncate(json, this.maxFieldBytes);
	}

	/** A string sent as it is but for the token and the field limit. */
	String text(String value) {
		String clean = scrub(value);
		return truncate((clean != null) ? clean : value, this.maxFieldBytes);
	}

	/** The value with every occurrence of the secret in its strings and keys replaced. */
	@SuppressWarnings("unchecked")
	<T> @Nullable T scrub(@Nullable T value) {
		String secret = this.secret;
		if (secret == null || value == null) {
			return value;
		}
		if (value instanceof String string) {
			return string.contains(secret) ? (T) string.replace(secret, REDACTED) : value;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> copy = new LinkedHashMap<>(map.size() * 2);
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				copy.put(scrub(String.valueOf(entry.getKey())), scrub(entry.getValue()));
			}
			return (T) copy;
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add(scrub(item));
			}
			return (T) copy;
		}
		return value;
	}

	/**
	 * Cuts a string so that its JSON (quotes and escapes included, UTF-8) takes at most
	 * {@code maxBytes}, ending it with {@value #TRUNCATION_SUFFIX}; never splits a
	 * surrogate pair.
	 */
	static String truncate(String value, int maxBytes) {
		if (jsonLength(value, maxBytes) <= maxBytes) {
			return value;
		}
		long budget = maxBytes - jsonLength(TRUNCATION_SUFFIX, Long.MAX_VALUE);
		long used = 0;
		int end = 0;
		while (end < value.length()) {
			char c = value.charAt(end);
			boolean pair = Character.isHighSurrogate(c) && end + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(end + 1));
			int cost = pair ? 4 : escapedLength(c);
			if (used + cost > budget) {
				break;
			}
			used += cost;
			end += pair ? 2 : 1;
		}
		return value.substring(0, end) + TRUNCATION_SUFFIX;
	}

	/**
	 * The UTF-8 length of a string written as a JSON string, counting up to a little past
	 * {@code stopAfter}.
	 */
	static long jsonLength(String value, long stopAfter) {
		long length = 2;
		for (int i = 0; i < value.length() && length <= stopAfter; i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += escapedLength(c);
			}
		}
		return length;
	}

	/** The UTF-8 length of a string written as it is. */
	static long utf8Length(String value) {
		long length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	/** Bytes one character takes inside a JSON string as Jackson writes it. */
	private static int escapedLength(char c) {
		if (c == '"' || c == '\\') {
			return 2;
		}
		if (c < 0x20) {
			return (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') ? 2 : 6;
		}
		if (c < 0x80) {
			return 1;
		}
		if (Character.isSurrogate(c)) {
			// a surrogate without its pair: Jackson writes it as a six-character escape
			return 6;
		}
		return (c < 0x800) ? 2 : 3;
	}

}
