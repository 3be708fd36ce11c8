package dev.agenttracing.export.jsonl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.TraceEvent;

/**
 * Reads trace files written by {@link JsonlExporter}. Blank lines are skipped; a line
 * that is not a JSON object (or, for {@link #readTraceEvents(Path)}, not a trace event)
 * raises a {@link MalformedTraceFileException} naming the file and line number.
 *
 * <pre>{@code
 * List<Map<String, Object>> lines = TraceFiles.readTraceFile(Path.of("./traces/abc-123.jsonl"));
 * for (TraceEvent event : TraceFiles.readTraceEvents(Path.of("./traces/abc-123.jsonl"))) {
 *     System.out.println(event.event() + " at " + event.timestamp());
 * }
 * }</pre>
 */
public final class TraceFiles {

	private TraceFiles() {
	}

	/**
	 * Reads the lines of a trace file as JSON objects.
	 * @param file the file
	 * @return one map per non-blank line, in file order
	 * @throws IOException if the file cannot be read
	 * @throws MalformedTraceFileException if a line is not a JSON object
	 */
	public static List<Map<String, Object>> readTraceFile(Path file) throws IOException {
		List<Map<String, Object>> lines = new ArrayList<>();
		read(file, (number, line) -> lines.add(line));
		return lines;
	}

	/**
	 * Reads a trace file as events, equal to the events that were written.
	 * @param file the file
	 * @return the events, in file order
	 * @throws IOException if the file cannot be read
	 * @throws MalformedTraceFileException if a line is not a trace event
	 */
	public static List<TraceEvent> readTraceEvents(Path file) throws IOException {
		List<TraceEvent> events = new ArrayList<>();
		read(file, (number, line) -> {
			try {
				events.add(TraceEvent.fromMap(line));
			}
			catch (IllegalArgumentException | ClassCastException ex) {
				throw new MalformedTraceFileException(file, number, "not a trace event: " + ex.getMessage(), ex);
			}
		});
		return events;
	}

	private static void read(Path file, LineHandler handler) throws IOException {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
			long number = 0;
			String text;
			while ((text = reader.readLine()) != null) {
				number++;
				if (text.isBlank()) {
					continue;
				}
				Map<String, Object> line;
				try {
					line = EventCodec.readLine(text);
				}
				catch (IllegalArgumentException ex) {
					throw new MalformedTraceFileException(file, number, String.valueOf(ex.getMessage()), ex.getCause());
				}
				handler.line(number, line);
			}
		}
	}

	@FunctionalInterface
	private interface LineHandler {

		void line(long number, Map<String, Object> line);

	}

}
