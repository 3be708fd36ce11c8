package dev.agenttracing.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns events into JSONL maps and back; the one place that knows the key names and the
 * timestamp form. Its public methods read one line of a trace file for readers that also
 * show lines which are no complete trace event (an older writer's, another tool's, a line
 * cut short), such as the trace viewer: {@link #readLine(byte[], int, int)} gives the
 * line's map, {@link TraceEvent#fromMap(Map)} the typed event when it is one, and
 * {@link #lineTime(Map)} when the line happened in either case.
 *
 * <pre>{@code
 * Map<String, Object> line = EventCodec.readLine(bytes, 0, bytes.length); // IllegalArgumentException: no JSON object
 * Instant at = EventCodec.lineTime(line);                                 // null: no readable time
 * TraceEvent event = TraceEvent.fromMap(line);                            // IllegalArgumentException: no trace event
 * }</pre>
 */
public final class EventCodec {

	private static final ObjectReader LINE = JsonMapper.builder()
		.build()
		.readerFor(new TypeReference<Map<String, Object>>() {
		});

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private EventCodec() {
	}

	/** The event as the map of one JSONL line (see {@link TraceEvent#toMap()}). */
	static Map<String, Object> toMap(TraceEvent event) {
		EventSink.MapSink sink = new EventSink.MapSink();
		encode(event, sink);
		return sink.map();
	}

	/**
	 * Writes the event's keys and values, in the documented order, to the sink: the one
	 * place that knows how an event becomes a JSONL line.
	 */
	static void encode(TraceEvent event, EventSink sink) {
		common(event, sink);
		if (event instanceof ToolCallCompleted e) {
			tool(e.tool(), false, e.duration(), null, sink);
			sink.content("result", e.result());
			sink.endObject();
		}
		else if (event instanceof ToolCallStarted e) {
			tool(e.tool(), false, null, null, sink);
			sink.endObject();
		}
		else if (event instanceof RunContent e) {
			sink.optString("content", e.content());
			sink.string("content_type", e.contentType());
		}
		else if (event instanceof RunStarted e) {
			sink.optString("model", e.model());
			runInput(e.input(), sink);
			RunParent parent = e.run().parent();
			if (parent != null) {
				parent(parent, sink);
			}
		}
		else if (event instanceof RunCompleted e) {
			sink.optContent("content", e.output());
			sink.string("content_type", e.contentType());
			metrics(e.metrics(), sink);
			runSummary(e.model(), e.input(), e.tools(), sink);
		}
		else if (event instanceof ToolCallError e) {
			tool(e.tool(), true, e.duration(), e.error(), sink);
			sink.endObject();
			sink.string("error", e.error());
			sink.string("error_type", e.errorType());
		}
		else if (event instanceof ModelCallStarted e) {
			modelCall(e.call(), sink);
			sink.endObject();
		}
		else if (event instanceof ModelCallCompleted e) {
			modelCall(e.call(), sink);
			sink.optContent("output", e.output());
			sink.optString("finish_reason", e.finishReason());
			sink.optString("response_model", e.responseModel());
			sink.optString("response_id", e.responseId());
			TokenUsage usage = e.usage();
			if (usage != null) {
				sink.startObject("usage");
				tokens(usage, sink);
				sink.endObject();
			}
			durationMs(e.duration(), sink);
			sink.endObject();
		}
		else if (event instanceof ModelCallError e) {
			modelCall(e.call(), sink);
			durationMs(e.duration(), sink);
			sink.endObject();
			sink.string("error", e.error());
			sink.string("error_type", e.errorType());
		}
		else if (event instanceof ReasoningStep e) {
			sink.optString("content", e.content());
			sink.string("content_type", "str");
			sink.optString("reasoning_content", e.reasoningContent());
		}
		else if (event instanceof RunError e) {
			sink.string("content", e.error());
			sink.string("error_type", e.errorType());
			metrics(e.metrics(), sink);
			runSummary(e.model(), e.input(), e.tools(), sink);
		}
		else if (!(event instanceof RunContentCompleted)) {
			throw new IllegalArgumentException("unknown event " + event.getClass().getName());
		}
	}

	private static void common(TraceEvent event, EventSink sink) {
		RunInfo run = event.run();
		sink.string("event", event.event());
		sink.string("timestamp", timestamp(event.timestamp()));
		sink.number("created_at", event.timestamp().getEpochSecond());
		sink.string("session_id", run.sessionId());
		sink.string("run_id", run.runId());
		sink.string("trace_id", run.traceId());
		sink.string("span_id", event.spanId());
		String parentSpanId = event.parentSpanId();
		sink.optString("parent_span_id", parentSpanId);
		sink.optString("agent_name", run.agentName());
		sink.optString("group_id", run.groupId());
		sink.optContent("metadata", run.metadata());
		sink.optString("otel_trace_id", run.otelTraceId());
		sink.optString("otel_span_id", event.otelSpanId());
		if (parentSpanId != null) {
			sink.optString("otel_parent_span_id", run.otelSpanId());
		}
	}

	/** Opens the {@code tool} object and writes its keys; the caller closes it. */
	private static void tool(ToolInvocation tool, boolean error, @Nullable Duration duration,
			@Nullable String errorMessage, EventSink sink) {
		sink.startObject("tool");
		sink.string("tool_call_id", tool.callId());
		sink.string("tool_name", tool.name());
		sink.optContent("tool_args", tool.arguments());
		sink.bool("tool_call_error", error);
		sink.optString("error", errorMessage);
		Map<String, String> attributes = tool.attributes();
		if (attributes != null) {
			sink.startObject("attributes");
			attributes.forEach(sink::string);
			sink.endObject();
		}
		if (duration != null) {
			durationMs(duration, sink);
		}
	}

	private static void parent(RunParent parent, EventSink sink) {
		sink.startObject("parent");
		sink.optString("otel_trace_id", parent.otelTraceId());
		sink.optString("otel_span_id", parent.otelSpanId());
		sink.optString("run_id", parent.runId());
		sink.optString("trace_id", parent.traceId());
		sink.optString("span_id", parent.spanId());
		sink.optString("tool_call_id", parent.toolCallId());
		sink.endObject();
	}

	/** Opens the {@code model_call} object and writes its keys; the caller closes it. */
	private static void modelCall(ModelInvocation call, EventSink sink) {
		sink.startObject("model_call");
		sink.optString("model", call.model());
		sink.optString("provider", call.provider());
		sink.optContent("input", call.input());
	}

	private static void tokens(TokenUsage usage, EventSink sink) {
		sink.number("input_tokens", usage.inputTokens());
		sink.number("output_tokens", usage.outputTokens());
		sink.number("total_tokens", usage.totalTokens());
		Double cost = usage.cost();
		if (cost != null) {
			sink.decimal("cost", cost);
		}
	}

	private static void durationMs(Duration duration, EventSink sink) {
		sink.decimal("duration_ms", toMicros(duration) / 1_000.0);
	}

	private static void metrics(RunMetrics metrics, EventSink sink) {
		sink.startObject("metrics");
		TokenUsage usage = metrics.usage();
		if (usage != null) {
			tokens(usage, sink);
		}
		sink.decimal("duration", toMicros(metrics.duration()) / 1_000_000.0);
		sink.endObject();
	}

	private static void runInput(@Nullable Object input, EventSink sink) {
		sink.startObject("run_input");
		sink.optContent("input_content", input);
		sink.endObject();
	}

	private static void runSummary(@Nullable String model, @Nullable Object input, List<String> tools, EventSink sink) {
		sink.optString("model", model);
		runInput(input, sink);
		sink.content("tools", tools);
	}

	/**
	 * The instant as {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'} in UTC, written by hand for
	 * the years 0 to 9999 (a {@code DateTimeFormatter} costs several times as much), by
	 * the formatter otherwise.
	 */
	static String timestamp(Instant instant) {
		long seconds = instant.getEpochSecond();
		// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z
		if (seconds < -62167219200L || seconds > 253402300799L) {
			return TIMESTAMP.format(instant);
		}
		long days = Math.floorDiv(seconds, 86_400);
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		LocalDate date = LocalDate.ofEpochDay(days);
		byte[] out = new byte[27];
		digits(out, 0, date.getYear(), 4);
		out[4] = '-';
		digits(out, 5, date.getMonthValue(), 2);
		out[7] = '-';
		digits(out, 8, date.getDayOfMonth(), 2);
		out[10] = 'T';
		digits(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		digits(out, 14, secondOfDay / 60 % 60, 2);
		out[16] = ':';
		digits(out, 17, secondOfDay % 60, 2);
		out[19] = '.';
		digits(out, 20, instant.getNano() / 1_000, 6);
		out[26] = 'Z';
		return new String(out, StandardCharsets.ISO_8859_1);
	}

	private static void digits(byte[] out, int offset, int value, int width) {
		for (int i = offset + width - 1; i >= offset; i--) {
			out[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
	}

	private static long toMicros(Duration duration) {
		return duration.getSeconds() * 1_000_000L + duration.getNano() / 1_000;
	}

	// ---- reading a line ----

	/**
	 * Reads one line of a trace file (without its line feed) as the map
	 * {@link TraceEvent#toMap()} gives: keys in file order, JSON numbers as
	 * {@code Integer}, {@code Long} or {@code Double}.
	 * @param bytes the UTF-8 bytes that hold the line
	 * @param offset where the line starts
	 * @param length its length in bytes
	 * @return the line's JSON object, which need not be a trace event
	 * @throws IllegalArgumentException if the line is no JSON object: the message starts
	 * with {@code "malformed JSON: "} or is {@code "not a JSON object"}
	 */
	public static Map<String, Object> readLine(byte[] bytes, int offset, int length) {
		Map<String, Object> line;
		try {
			line = LINE.readValue(bytes, offset, length);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		return object(line);
	}

	/**
	 * Reads one line of a trace file, as {@link #readLine(byte[], int, int)} does.
	 * @param text the line, without its line feed
	 * @return the line's JSON object, which need not be a trace event
	 * @throws IllegalArgumentException if the line is no JSON object
	 */
	public static Map<String, Object> readLine(String text) {
		Map<String, Object> line;
		try {
			line = LINE.readValue(text);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		return object(line);
	}

	private static Map<String, Object> object(@Nullable Map<String, Object> line) {
		if (line == null) {
			throw new IllegalArgumentException("not a JSON object");
		}
		return line;
	}

	/**
	 * When a line happened, read leniently and never failing: its {@code timestamp} (the
	 * form this codec writes, or any other ISO-8601 instant), else its {@code created_at}
	 * in epoch seconds, the only time that Definable's lines carry.
	 * @param line a line as {@link #readLine(byte[], int, int)} gives it
	 * @return the instant, with microsecond precision, or {@code null} when the line has
	 * no readable time
	 */
	public static @Nullable Instant lineTime(Map<String, ?> line) {
		if (line.get("timestamp") instanceof String text) {
			Instant timestamp = readTimestamp(text);
			if (timestamp != null) {
				return timestamp;
			}
		}
		if (line.get("created_at") instanceof Number seconds) {
			long micros = (long) (seconds.doubleValue() * 1_000_000L);
			return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
		}
		return null;
	}

	/**
	 * A timestamp: the form {@link #timestamp(Instant)} writes read without a formatter
	 * (a reader may take in 100,000 of them at once), any other ISO-8601 instant with
	 * {@link Instant#parse}.
	 * @return the instant, or {@code null} if the text is none
	 */
	static @Nullable Instant readTimestamp(String text) {
		Instant fast = exporterTimestamp(text);
		if (fast != null) {
			return fast;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Reads {@code 2026-11-22T04:05:54.123456Z}, the form {@link #timestamp(Instant)}
	 * writes.
	 * @return the instant, or {@code null} for any other form
	 */
	static @Nullable Instant exporterTimestamp(String text) {
		if (text.length() != 27 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
				|| text.charAt(26) != 'Z') {
			return null;
		}
		int year = readDigits(text, 0, 4);
		int month = readDigits(text, 5, 2);
		int day = readDigits(text, 8, 2);
		int hour = readDigits(text, 11, 2);
		int minute = readDigits(text, 14, 2);
		int second = readDigits(text, 17, 2);
		int fraction = readDigits(text, 20, 6);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59 || fraction < 0) {
			return null;
		}
		try {
			long days = LocalDate.of(year, month, day).toEpochDay();
			return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, fraction * 1_000L);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int readDigits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	// ---- decoding ----

	static TraceEvent decode(Map<String, ?> map) {
		String name = string(map, "event");
		Instant timestamp = instant(map, "timestamp");
		String spanId = string(map, "span_id");
		String parentSpanId = optString(map, "parent_span_id");
		String runSpanId = (parentSpanId != null) ? parentSpanId : spanId;
		String otelSpanId = optString(map, "otel_span_id");
		String runOtelSpanId = (parentSpanId != null) ? optString(map, "otel_parent_span_id") : otelSpanId;
		RunInfo run = new RunInfo(string(map, "run_id"), string(map, "session_id"), string(map, "trace_id"), runSpanId,
				optString(map, "agent_name"), optString(map, "group_id"), optMap(map, "metadata"),
				optString(map, "otel_trace_id"), runOtelSpanId, "RunStarted".equals(name) ? parent(map) : null);
		return switch (name) {
			case "RunStarted" -> new RunStarted(timestamp, run, optString(map, "model"), runInput(map));
			case "RunContent" -> new RunContent(timestamp, run, optString(map, "content"), string(map, "content_type"));
			case "RunContentCompleted" -> new RunContentCompleted(timestamp, run);
			case "ToolCallStarted" -> new ToolCallStarted(timestamp, run, tool(map, spanId));
			case "ToolCallCompleted" -> new ToolCallCompleted(timestamp, run, tool(map, spanId),
					requiredMap(map, "tool").get("result"), durationMs(requiredMap(map, "tool")));
			case "ToolCallError" -> new ToolCallError(timestamp, run, tool(map, spanId),
					durationMs(requiredMap(map, "tool")), string(map, "error"), string(map, "error_type"));
			case "ModelCallStarted" -> new ModelCallStarted(timestamp, run, modelCall(map, spanId));
			case "ModelCallCompleted" -> {
				Map<String, @Nullable Object> call = requiredMap(map, "model_call");
				yield new ModelCallCompleted(timestamp, run, modelCall(map, spanId), call.get("output"),
						optString(call, "finish_reason"), usage(optMap(call, "usage")), durationMs(call),
						optString(call, "response_model"), optString(call, "response_id"));
			}
			case "ModelCallError" -> new ModelCallError(timestamp, run, modelCall(map, spanId),
					durationMs(requiredMap(map, "model_call")), string(map, "error"), string(map, "error_type"));
			case "ReasoningStep" -> new ReasoningStep(timestamp, run, spanId, optString(map, "content"),
					optString(map, "reasoning_content"));
			case "RunCompleted" -> new RunCompleted(timestamp, run, optString(map, "model"), runInput(map),
					map.get("content"), tools(map), metrics(map));
			case "RunError" -> new RunError(timestamp, run, optString(map, "model"), runInput(map), tools(map),
					string(map, "content"), string(map, "error_type"), metrics(map));
			default ->
				throw new IllegalArgumentException("unknown event '" + name + "', expected one of " + TraceEvent.NAMES);
		};
	}

	private static ToolInvocation tool(Map<String, ?> map, String spanId) {
		Map<String, @Nullable Object> tool = requiredMap(map, "tool");
		return new ToolInvocation(string(tool, "tool_call_id"), string(tool, "tool_name"), spanId,
				optMap(tool, "tool_args"), optString(map, "otel_span_id"), attributes(optMap(tool, "attributes")));
	}

	/** The string values of a tool's {@code attributes}; others are left out. */
	private static @Nullable Map<String, String> attributes(@Nullable Map<String, @Nullable Object> attributes) {
		if (attributes == null) {
			return null;
		}
		Map<String, String> strings = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			if (value instanceof String text) {
				strings.put(key, text);
			}
		});
		return strings;
	}

	/** A {@code RunStarted} line's {@code parent}, its malformed parts left out. */
	private static @Nullable RunParent parent(Map<String, ?> map) {
		Map<String, @Nullable Object> parent = optMap(map, "parent");
		if (parent == null) {
			return null;
		}
		return RunParent.of(text(parent.get("otel_trace_id")), text(parent.get("otel_span_id")),
				text(parent.get("run_id")), text(parent.get("trace_id")), text(parent.get("span_id")),
				text(parent.get("tool_call_id")));
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text) ? text : null;
	}

	private static ModelInvocation modelCall(Map<String, ?> map, String spanId) {
		Map<String, @Nullable Object> call = requiredMap(map, "model_call");
		return new ModelInvocation(spanId, optString(call, "model"), optString(call, "provider"), call.get("input"),
				optString(map, "otel_span_id"));
	}

	private static @Nullable TokenUsage usage(@Nullable Map<String, @Nullable Object> usage) {
		if (usage == null) {
			return null;
		}
		return new TokenUsage(number(usage, "input_tokens").longValue(), number(usage, "output_tokens").longValue(),
				number(usage, "total_tokens").longValue(), cost(usage));
	}

	private static @Nullable Object runInput(Map<String, ?> map) {
		Map<String, @Nullable Object> runInput = optMap(map, "run_input");
		return (runInput != null) ? runInput.get("input_content") : null;
	}

	private static List<String> tools(Map<String, ?> map) {
		Object tools = map.get("tools");
		if (tools == null) {
			return List.of();
		}
		if (!(tools instanceof List<?> list)) {
			throw new IllegalArgumentException("'tools' must be a list of tool names");
		}
		List<String> names = new ArrayList<>(list.size());
		for (Object item : list) {
			names.add(String.valueOf(item));
		}
		return List.copyOf(names);
	}

	private static @Nullable Double cost(Map<String, @Nullable Object> usage) {
		return (usage.get("cost") instanceof Number cost) ? cost.doubleValue() : null;
	}

	private static RunMetrics metrics(Map<String, ?> map) {
		Map<String, @Nullable Object> metrics = requiredMap(map, "metrics");
		TokenUsage usage = null;
		if (metrics.get("total_tokens") != null || metrics.get("input_tokens") != null) {
			usage = new TokenUsage(number(metrics, "input_tokens").longValue(),
					number(metrics, "output_tokens").longValue(), number(metrics, "total_tokens").longValue(),
					cost(metrics));
		}
		long micros = Math.round(number(metrics, "duration").doubleValue() * 1_000_000.0);
		return new RunMetrics(usage, Duration.ofNanos(micros * 1_000L));
	}

	private static Duration durationMs(Map<String, ?> tool) {
		long micros = Math.round(number(tool, "duration_ms").doubleValue() * 1_000.0);
		return Duration.ofNanos(micros * 1_000L);
	}

	private static Number number(Map<String, ?> map, String key) {
		Object value = map.get(key);
		if (value instanceof Number number) {
			return number;
		}
		throw new IllegalArgumentException("'" + key + "' must be a number but was " + describe(value));
	}

	private static Instant instant(Map<String, ?> map, String key) {
		String value = string(map, key);
		Instant fast = exporterTimestamp(value);
		if (fast != null) {
			return fast;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + key + "' is no ISO-8601 instant: " + value, ex);
		}
	}

	private static String string(Map<String, ?> map, String key) {
		String value = optString(map, key);
		if (value == null) {
			throw new IllegalArgumentException("missing '" + key + "'");
		}
		return value;
	}

	private static @Nullable String optString(Map<String, ?> map, String key) {
		Object value = map.get(key);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw new IllegalArgumentException("'" + key + "' must be a string but was " + describe(value));
	}

	private static Map<String, @Nullable Object> requiredMap(Map<String, ?> map, String key) {
		Map<String, @Nullable Object> value = optMap(map, key);
		if (value == null) {
			throw new IllegalArgumentException("missing '" + key + "'");
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, @Nullable Object> optMap(Map<String, ?> map, String key) {
		Object value = map.get(key);
		if (value == null || value instanceof Map) {
			return (Map<String, @Nullable Object>) value;
		}
		throw new IllegalArgumentException("'" + key + "' must be an object but was " + describe(value));
	}

	private static String describe(@Nullable Object value) {
		return (value != null) ? value.getClass().getSimpleName() : "missing";
	}

}
