package dev.agenttracing.viewer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.EventCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the viewer keeps of one run: a summary, the timeline (spans and markers) and where
 * each of its lines is in the file, so that its events can be read again without reading
 * the whole file. Lines come as the core's {@link EventCodec} reads them, the maps of
 * their JSON objects, and their times as {@link EventCodec#lineTime(Map)} tells, so that
 * a line which is no complete trace event (Definable's, without timestamps or span ids)
 * still shows. Lines are keyed by {@code event}: any
 * {@code XxxStarted / XxxCompleted / XxxError} family besides the run's own (such as
 * {@code ToolCall...} or {@code ModelCall...}) becomes a span of kind {@code tool},
 * {@code model} or the family's name.
 */
final class RunIndex {

	static final long UNKNOWN = Long.MIN_VALUE;

	static final int MAX_SPANS = 10_000;

	static final int MAX_MARKERS = 2_000;

	static final int SHORT_TEXT = 200;

	static final int MARKER_TEXT = 120;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String runId;

	private @Nullable String spanId;

	private @Nullable String agentName;

	private @Nullable String model;

	private @Nullable String groupId;

	private @Nullable Map<String, Object> metadata;

	private @Nullable String input;

	private @Nullable String output;

	private @Nullable String error;

	private @Nullable String errorType;

	private String status = "running";

	private long startMicros = UNKNOWN;

	private long endMicros = UNKNOWN;

	private long lastMicros = UNKNOWN;

	private @Nullable Double durationMs;

	private @Nullable Map<String, Long> usage;

	private @Nullable Map<String, Long> modelUsage;

	/** The run's cost from its metrics, when priced. */
	private @Nullable Double cost;

	/**
	 * The sum of the costs of its model calls with usage, or {@code NaN} once one of them
	 * has none.
	 */
	private @Nullable Double modelCost;

	private int toolCalls;

	private int failedToolCalls;

	private int modelCalls;

	private int failedModelCalls;

	private int spanCount;

	private int markerCount;

	private int startEntry = -1;

	private int endEntry = -1;

	private int entries;

	private int[] numbers = new int[8];

	private long[] offsets = new long[8];

	private int[] lengths = new int[8];

	private final List<Span> spans = new ArrayList<>();

	private final Map<String, Span> spansByKey = new HashMap<>();

	/**
	 * Keys of spans past {@link #MAX_SPANS} that started and did not end yet, so that
	 * their end is not counted as another span; at most {@link #MAX_SPANS} of them.
	 */
	private final Set<String> keysPastLimit = new HashSet<>();

	private long metadataBytes;

	private long spanBytes;

	private long markerBytes;

	private final List<Marker> markers = new ArrayList<>();

	RunIndex(String runId) {
		this.runId = runId;
	}

	String runId() {
		return this.runId;
	}

	String status() {
		return this.status;
	}

	int entries() {
		return this.entries;
	}

	int lineNumber(int entry) {
		return this.numbers[entry];
	}

	long offset(int entry) {
		return this.offsets[entry];
	}

	int length(int entry) {
		return this.lengths[entry];
	}

	/** Takes in one line of this run. */
	void add(int number, long offset, int length, String event, Map<String, Object> line, long micros) {
		int entry = addEntry(number, offset, length);
		if (micros != UNKNOWN && (this.lastMicros == UNKNOWN || micros > this.lastMicros)) {
			this.lastMicros = micros;
		}
		if (this.agentName == null) {
			this.agentName = text(line.get("agent_name"));
		}
		if (this.groupId == null) {
			this.groupId = text(line.get("group_id"));
		}
		if (this.metadata == null && line.get("metadata") instanceof Map<?, ?> map && !map.isEmpty()) {
			Map<String, Object> metadata = shortMap(map);
			this.metadata = metadata;
			this.metadataBytes = 64;
			metadata.forEach((name, value) -> this.metadataBytes += 96 + 2L * name.length()
					+ ((value instanceof String text) ? 48 + 2L * text.length() : 24));
		}
		switch (event) {
			case "RunStarted" -> {
				this.spanId = text(line.get("span_id"));
				this.startMicros = micros;
				this.startEntry = entry;
				model(line);
				runInput(line);
			}
			case "RunCompleted" -> finish(line, entry, micros, "completed");
			case "RunError" -> {
				finish(line, entry, micros, "error");
				this.error = shorten(line.get("content"), SHORT_TEXT);
				this.errorType = text(line.get("error_type"));
			}
			case "RunContent" -> marker("content", micros, line.get("content"), number, entry);
			case "ReasoningStep" -> marker("reasoning", micros,
					(line.get("content") != null) ? line.get("content") : line.get("reasoning_content"), number, entry);
			default -> span(event, line, entry, micros);
		}
	}

	private int addEntry(int number, long offset, int length) {
		if (this.entries == this.numbers.length) {
			int size = this.entries * 2;
			this.numbers = Arrays.copyOf(this.numbers, size);
			this.offsets = Arrays.copyOf(this.offsets, size);
			this.lengths = Arrays.copyOf(this.lengths, size);
		}
		this.numbers[this.entries] = number;
		this.offsets[this.entries] = offset;
		this.lengths[this.entries] = length;
		return this.entries++;
	}

	private void model(Map<String, Object> line) {
		if (this.model == null) {
			this.model = text(line.get("model"));
		}
	}

	private void runInput(Map<String, Object> line) {
		if (this.input == null && line.get("run_input") instanceof Map<?, ?> runInput) {
			this.input = shorten(runInput.get("input_content"), SHORT_TEXT);
		}
	}

	private void finish(Map<String, Object> line, int entry, long micros, String status) {
		if (this.spanId == null) {
			this.spanId = text(line.get("span_id"));
		}
		this.status = status;
		this.endMicros = micros;
		this.endEntry = entry;
		model(line);
		runInput(line);
		if ("completed".equals(status)) {
			this.output = shorten(line.get("content"), SHORT_TEXT);
		}
		if (line.get("metrics") instanceof Map<?, ?> metrics) {
			if (metrics.get("duration") instanceof Number seconds) {
				this.durationMs = seconds.doubleValue() * 1000.0;
			}
			Map<String, Long> tokens = tokens(metrics);
			if (!tokens.isEmpty()) {
				this.usage = tokens;
			}
			if (metrics.get("cost") instanceof Number cost) {
				this.cost = cost.doubleValue();
			}
		}
		if (this.durationMs == null && this.startMicros != UNKNOWN && micros != UNKNOWN) {
			this.durationMs = (micros - this.startMicros) / 1000.0;
		}
		if (this.startMicros == UNKNOWN && micros != UNKNOWN && this.durationMs != null) {
			this.startMicros = micros - (long) (this.durationMs * 1000.0);
		}
	}

	private void marker(String kind, long micros, @Nullable Object content, int number, int entry) {
		this.markerCount++;
		if (this.markers.size() < MAX_MARKERS) {
			String text = shorten(content, MARKER_TEXT);
			this.markers.add(new Marker(kind, micros, text, number, entry));
			this.markerBytes += 96 + length(text);
		}
	}

	private void span(String event, Map<String, Object> line, int entry, long micros) {
		String phase = event.endsWith("Started") ? "Started"
				: event.endsWith("Completed") ? "Completed" : event.endsWith("Error") ? "Error" : null;
		if (phase == null) {
			return;
		}
		String family = event.substring(0, event.length() - phase.length());
		if (family.isEmpty() || family.equals("Run") || family.equals("RunContent")) {
			return;
		}
		String kind = family.equals("ToolCall") ? "tool" : family.equals("ModelCall") ? "model" : snake(family);
		Map<?, ?> payload = (line.get(family.equals("ToolCall") ? "tool" : snake(family)) instanceof Map<?, ?> map)
				? map : Map.of();
		String key = spanKey(kind, line, payload);
		Span span = (key != null) ? this.spansByKey.get(key) : null;
		if (span == null && key == null && !phase.equals("Started")) {
			span = oldestOpen(kind, spanName(kind, family, payload));
		}
		if (span == null && key != null && this.keysPastLimit.contains(key)) {
			// a span past the limit, counted when it started
			if (!phase.equals("Started")) {
				this.keysPastLimit.remove(key);
				if (isError(phase, payload)) {
					countFailure(kind);
				}
			}
			return;
		}
		if (span == null) {
			span = newSpan(kind, (key != null) ? key : kind + "@" + this.numbers[entry],
					spanName(kind, family, payload), key != null && phase.equals("Started"));
		}
		if (span == null) {
			// past the limit of spans kept: counted, not drawn
			if (!phase.equals("Started") && isError(phase, payload)) {
				countFailure(kind);
			}
			return;
		}
		if (phase.equals("Started")) {
			span.startMicros = micros;
			span.startEntry = entry;
			return;
		}
		span.endEntry = entry;
		Double duration = number(payload.get("duration_ms"));
		if (duration == null) {
			duration = number(line.get("duration_ms"));
		}
		if (span.startMicros == UNKNOWN) {
			span.startMicros = (micros == UNKNOWN) ? UNKNOWN
					: micros - (long) ((duration != null) ? duration * 1000.0 : 0);
		}
		if (duration == null && span.startMicros != UNKNOWN && micros != UNKNOWN) {
			duration = (micros - span.startMicros) / 1000.0;
		}
		span.durationMs = duration;
		if (isError(phase, payload)) {
			span.status = "error";
			Object message = (payload.get("error") instanceof String) ? payload.get("error") : line.get("error");
			span.error = shorten(message, SHORT_TEXT);
			this.spanBytes += length(span.error);
			span.errorType = text(
					(line.get("error_type") != null) ? line.get("error_type") : payload.get("error_type"));
			countFailure(kind);
		}
		else {
			span.status = "ok";
		}
		if (kind.equals("model") && payload.get("usage") instanceof Map<?, ?> usage) {
			Map<String, Long> tokens = tokens(usage);
			if (!tokens.isEmpty()) {
				Map<String, Long> sum = (this.modelUsage != null) ? this.modelUsage : new LinkedHashMap<>();
				tokens.forEach((name, value) -> sum.merge(name, value, Long::sum));
				this.modelUsage = sum;
				double cost = (usage.get("cost") instanceof Number number) ? number.doubleValue() : Double.NaN;
				this.modelCost = (this.modelCost != null) ? this.modelCost + cost : cost;
			}
		}
	}

	private @Nullable String spanKey(String kind, Map<String, Object> line, Map<?, ?> payload) {
		String spanId = text(line.get("span_id"));
		if (spanId != null && !spanId.equals(this.spanId)) {
			return spanId;
		}
		String callId = text(payload.get(kind.equals("tool") ? "tool_call_id" : "id"));
		if (callId == null) {
			callId = text(payload.get("call_id"));
		}
		return (callId != null) ? kind + ":" + callId : null;
	}

	private @Nullable Span oldestOpen(String kind, String name) {
		for (Span span : this.spans) {
			if (span.endEntry < 0 && span.kind.equals(kind) && span.name.equals(name)) {
				return span;
			}
		}
		return null;
	}

	/**
	 * Counts a new span and keeps it unless there are {@link #MAX_SPANS} already.
	 * @param open whether its start was seen, so that its end must not count again
	 */
	private @Nullable Span newSpan(String kind, String key, String name, boolean open) {
		this.spanCount++;
		if (kind.equals("tool")) {
			this.toolCalls++;
		}
		else if (kind.equals("model")) {
			this.modelCalls++;
		}
		if (this.spans.size() >= MAX_SPANS) {
			if (open && this.keysPastLimit.size() < MAX_SPANS) {
				this.keysPastLimit.add(key);
			}
			return null;
		}
		Span span = new Span(key, kind, name);
		this.spans.add(span);
		this.spansByKey.put(key, span);
		this.spanBytes += 256 + length(key) + length(name);
		return span;
	}

	/** Keys kept of open spans past the limit; for tests. */
	int openSpansPastLimit() {
		return this.keysPastLimit.size();
	}

	/**
	 * The memory this index takes, as estimated: generous for the objects, two bytes a
	 * character.
	 */
	long estimatedBytes() {
		return 640 + length(this.runId) + length(this.spanId) + length(this.agentName) + length(this.model)
				+ length(this.groupId) + length(this.input) + length(this.output) + length(this.error)
				+ length(this.errorType) + this.metadataBytes + 16L * this.numbers.length + this.spanBytes
				+ this.markerBytes + 128L * this.keysPastLimit.size()
				+ ((this.usage != null || this.modelUsage != null) ? 512 : 0);
	}

	private static long length(@Nullable String text) {
		return (text != null) ? 48 + 2L * text.length() : 0;
	}

	private void countFailure(String kind) {
		if (kind.equals("tool")) {
			this.failedToolCalls++;
		}
		else if (kind.equals("model")) {
			this.failedModelCalls++;
		}
	}

	private static boolean isError(String phase, Map<?, ?> payload) {
		return phase.equals("Error") || Boolean.TRUE.equals(payload.get("tool_call_error"));
	}

	private static String spanName(String kind, String family, Map<?, ?> payload) {
		String name = text(payload.get(kind.equals("tool") ? "tool_name" : kind.equals("model") ? "model" : "name"));
		if (name == null) {
			name = text(payload.get("name"));
		}
		if (kind.equals("model")) {
			String provider = text(payload.get("provider"));
			if (provider != null) {
				name = (name != null) ? name + " (" + provider + ")" : provider;
			}
		}
		return (name != null) ? name : family;
	}

	/**
	 * The span with this id, or {@code null}. The run's own span id gives {@code null}
	 * too.
	 */
	@Nullable Span span(String id) {
		return this.spansByKey.get(id);
	}

	/** The entries of the run's own first and last line, as far as they are known. */
	int[] runEntries() {
		return new int[] { this.startEntry, this.endEntry };
	}

	@Nullable String spanId() {
		return this.spanId;
	}

	/** The summary shown in a session's list of runs. */
	Map<String, Object> summary() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("run_id", this.runId);
		map.put("span_id", this.spanId);
		map.put("agent_name", this.agentName);
		map.put("model", this.model);
		map.put("input", this.input);
		map.put("output", this.output);
		map.put("status", this.status);
		map.put("started_at", iso(this.startMicros));
		map.put("started_ms", millis(this.startMicros));
		map.put("ended_ms", millis(this.endMicros));
		map.put("last_event_ms", millis(this.lastMicros));
		map.put("duration_ms", this.durationMs);
		map.put("usage", (this.usage != null) ? this.usage : this.modelUsage);
		Double cost = cost();
		if (cost != null) {
			map.put("cost", cost);
		}
		map.put("group_id", this.groupId);
		map.put("metadata", this.metadata);
		map.put("error", this.error);
		map.put("error_type", this.errorType);
		map.put("tool_calls", this.toolCalls);
		map.put("failed_tool_calls", this.failedToolCalls);
		map.put("model_calls", this.modelCalls);
		map.put("failed_model_calls", this.failedModelCalls);
		map.put("events", this.entries);
		map.put("first_line", (this.entries > 0) ? this.numbers[0] : null);
		return map;
	}

	/**
	 * The run's spans (at most {@code limit}) and markers (at most {@code limit}), in
	 * start order.
	 */
	Map<String, Object> timeline(int limit) {
		Map<String, Object> map = new LinkedHashMap<>();
		List<Span> sorted = new ArrayList<>(this.spans);
		sorted.sort((a, b) -> Long.compare(a.startMicros, b.startMicros));
		List<Map<String, Object>> spans = new ArrayList<>();
		for (Span span : sorted.subList(0, Math.min(limit, sorted.size()))) {
			spans.add(span.toMap(this));
		}
		map.put("spans", spans);
		map.put("spans_total", this.spanCount);
		List<Map<String, Object>> markers = new ArrayList<>();
		for (Marker marker : this.markers.subList(0, Math.min(limit, this.markers.size()))) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("kind", marker.kind);
			item.put("at_ms", millis(marker.micros));
			item.put("text", marker.text);
			item.put("line", marker.line);
			markers.add(item);
		}
		map.put("markers", markers);
		map.put("markers_total", this.markerCount);
		return map;
	}

	/**
	 * Epoch microseconds of a line, when the codec can tell when it happened; else
	 * {@link #UNKNOWN}.
	 */
	static long micros(Map<String, Object> line) {
		Instant at = EventCodec.lineTime(line);
		return (at != null) ? at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000 : UNKNOWN;
	}

	static @Nullable Double millis(long micros) {
		return (micros == UNKNOWN) ? null : micros / 1000.0;
	}

	static @Nullable String iso(long micros) {
		return (micros == UNKNOWN) ? null
				: Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
					.toString();
	}

	/**
	 * What the run cost: from its metrics once it ended, else the sum of its model calls'
	 * costs when each of them has one; {@code null} when not priced.
	 */
	@Nullable Double cost() {
		if (this.cost != null) {
			return this.cost;
		}
		Double modelCost = this.modelCost;
		return (this.usage == null && modelCost != null && !modelCost.isNaN()) ? modelCost : null;
	}

	private static Map<String, Long> tokens(Map<?, ?> map) {
		Map<String, Long> tokens = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (key instanceof String name && name.endsWith("_tokens") && value instanceof Number number) {
				tokens.put(name, number.longValue());
			}
		});
		return tokens;
	}

	private static @Nullable Double number(@Nullable Object value) {
		return (value instanceof Number number) ? number.doubleValue() : null;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text && !text.isEmpty()) ? text : null;
	}

	private static Map<String, Object> shortMap(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (copy.size() == 20) {
				copy.put("…", (map.size() - 20) + " more");
				break;
			}
			Object value = entry.getValue();
			copy.put(String.valueOf(entry.getKey()),
					(value instanceof Number || value instanceof Boolean || value == null) ? value
							: shorten(value, SHORT_TEXT));
		}
		return copy;
	}

	/** A string of at most {@code max} characters: the value itself, or its JSON. */
	static @Nullable String shorten(@Nullable Object value, int max) {
		if (value == null) {
			return null;
		}
		String text;
		if (value instanceof String string) {
			text = string;
		}
		else {
			try {
				text = json.writeValueAsString(value);
			}
			catch (JacksonException ex) {
				text = String.valueOf(value);
			}
		}
		if (text.length() <= max) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
		return text.substring(0, end) + "…";
	}

	private static String snake(String name) {
		StringBuilder snake = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c) && i > 0) {
				snake.append('_');
			}
			snake.append(Character.toLowerCase(c));
		}
		return snake.toString().toLowerCase(Locale.ROOT);
	}

	/** A tool call, model call or other timed step of the run. */
	static final class Span {

		final String id;

		final String kind;

		final String name;

		String status = "running";

		long startMicros = UNKNOWN;

		@Nullable Double durationMs;

		@Nullable String error;

		@Nullable String errorType;

		int startEntry = -1;

		int endEntry = -1;

		Span(String id, String kind, String name) {
			this.id = id;
			this.kind = kind;
			this.name = name;
		}

		Map<String, Object> toMap(RunIndex run) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("id", this.id);
			map.put("kind", this.kind);
			map.put("name", this.name);
			map.put("status", this.status);
			map.put("start_ms", millis(this.startMicros));
			map.put("duration_ms", this.durationMs);
			map.put("error", this.error);
			map.put("error_type", this.errorType);
			map.put("start_line", (this.startEntry >= 0) ? run.numbers[this.startEntry] : null);
			map.put("end_line", (this.endEntry >= 0) ? run.numbers[this.endEntry] : null);
			return map;
		}

	}

	/** A reasoning step or a chunk of content: a point in time. */
	record Marker(String kind, long micros, @Nullable String text, int line, int entry) {
	}

}
