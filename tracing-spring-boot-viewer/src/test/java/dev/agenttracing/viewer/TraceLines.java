package dev.agenttracing.viewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes trace lines by hand, as JSON maps keyed by {@code event}, to build test session
 * files.
 */
final class TraceLines {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final String sessionId;

	private final List<String> lines = new ArrayList<>();

	TraceLines(String sessionId) {
		this.sessionId = sessionId;
	}

	/** A line with the keys every event has, and the given ones. */
	TraceLines line(String event, Instant at, String runId, String spanId, Object... keysAndValues) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("event", event);
		line.put("timestamp", TIMESTAMP.format(at));
		line.put("created_at", at.getEpochSecond());
		line.put("session_id", this.sessionId);
		line.put("run_id", runId);
		line.put("trace_id", "trace_" + "0".repeat(32));
		line.put("span_id", spanId);
		for (int i = 0; i < keysAndValues.length; i += 2) {
			line.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return raw(json.writeValueAsString(line));
	}

	/** A line exactly as given. */
	TraceLines raw(String line) {
		this.lines.add(line);
		return this;
	}

	/** Appends the lines to a file, each with its line feed. */
	Path appendTo(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		StringBuilder text = new StringBuilder();
		this.lines.forEach((line) -> text.append(line).append('\n'));
		Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		this.lines.clear();
		return file;
	}

	static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
