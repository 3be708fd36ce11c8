package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TraceEvent;

/**
 * Reads trace files written by {@link JsonlExporter}. Blank lines are skipped; a line
 * that is not a JSON object (or, for the event readers, not a trace event) raises a
 * {@link MalformedTraceFileException} naming the file and line number. The last line of a
 * file may be incomplete when the process writing it was killed: such a line is skipped
 * with a warning. No reader follows a symbolic link, and none holds a line longer than 16
 * Mi characters.
 * <p>
 * {@link #streamTraceEvents(Path)} and {@link #readTraceEvents(Path, long, int)} hold one
 * line at a time, whatever the size of the file; {@link #readTraceFile(Path)} and
 * {@link #readTraceEvents(Path)} hold the whole file, decoded.
 *
 * <pre>{@code
 * try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(Path.of("./traces/abc-123.jsonl"))) {
 *     events.filter((event) -> event.event().equals("ToolCallError"))
 *         .forEach((event) -> System.out.println(event.runId() + " at " + event.timestamp()));
 * }
 * List<TraceEvent> secondPage = TraceFiles.readTraceEvents(Path.of("./traces/abc-123.jsonl"), 100, 100);
 * }</pre>
 */
public final class TraceFiles {

	private TraceFiles() {
	}

	/**
	 * Reads the lines of a trace file as JSON objects. The whole file is held in memory,
	 * decoded (several times its size on disk): for large files use
	 * {@link #streamTraceEvents(Path)} or {@link #readTraceEvents(Path, long, int)}.
	 * @param file the file
	 * @return one map per non-blank line, in file order
	 * @throws IOException if the file cannot be read or is a symbolic link
	 * @throws MalformedTraceFileException if a line is not a JSON object
	 */
	public static List<Map<String, Object>> readTraceFile(Path file) throws IOException {
		List<Map<String, Object>> lines = new ArrayList<>();
		try (TraceFileReader reader = new TraceFileReader(file)) {
			Map<String, Object> line;
			while ((line = reader.nextLine()) != null) {
				lines.add(line);
			}
		}
		return lines;
	}

	/**
	 * Reads a trace file as events, equal to the events that were written. The whole file
	 * is held in memory, decoded (several times its size on disk): for large files use
	 * {@link #streamTraceEvents(Path)} or {@link #readTraceEvents(Path, long, int)}.
	 * @param file the file
	 * @return the events, in file order
	 * @throws IOException if the file cannot be read or is a symbolic link
	 * @throws MalformedTraceFileException if a line is not a trace event
	 */
	public static List<TraceEvent> readTraceEvents(Path file) throws IOException {
		return readTraceEvents(file, 0, Integer.MAX_VALUE);
	}

	/**
	 * Reads one page of a trace file's events: at most {@code limit} events from the
	 * {@code offset}-th on, counting from 0. One line is held at a time; the lines before
	 * the page are counted, not decoded.
	 * @param file the file
	 * @param offset the number of events to pass over, 0 or more
	 * @param limit the most events to read, 0 or more
	 * @return the events of the page, in file order; fewer than {@code limit} at the end
	 * of the file
	 * @throws IOException if the file cannot be read or is a symbolic link
	 * @throws MalformedTraceFileException if a line of the page is not a trace event
	 * @throws IllegalArgumentException if the offset or the limit is negative
	 */
	public static List<TraceEvent> readTraceEvents(Path file, long offset, int limit) throws IOException {
		if (offset < 0 || limit < 0) {
			throw new IllegalArgumentException(
					"offset and limit must be 0 or more but were " + offset + " and " + limit);
		}
		try (Stream<TraceEvent> events = streamTraceEvents(file, offset)) {
			return events.limit(limit).toList();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Streams a trace file's events, reading one line when the stream asks for the next
	 * event: memory holds one line, whatever the size of the file. The stream holds the
	 * file open until it is closed: use it in a try-with-resources statement.
	 * @param file the file
	 * @return the events, in file order; a failure to read a later line surfaces as an
	 * {@link UncheckedIOException} or a {@link MalformedTraceFileException} from the
	 * stream's terminal operation
	 * @throws IOException if the file cannot be opened or is a symbolic link
	 */
	public static Stream<TraceEvent> streamTraceEvents(Path file) throws IOException {
		return streamTraceEvents(file, 0);
	}

	/**
	 * Streams a trace file's events from the {@code offset}-th on, counting from 0, as
	 * {@link #streamTraceEvents(Path)} does; the lines before are counted, not decoded.
	 * @param file the file
	 * @param offset the number of events to pass over, 0 or more
	 * @return the events from the offset on, in file order
	 * @throws IOException if the file cannot be opened or read up to the offset, or is a
	 * symbolic link
	 * @throws IllegalArgumentException if the offset is negative
	 */
	public static Stream<TraceEvent> streamTraceEvents(Path file, long offset) throws IOException {
		if (offset < 0) {
			throw new IllegalArgumentException("offset must be 0 or more but was " + offset);
		}
		TraceFileReader reader = new TraceFileReader(file);
		try {
			for (long skipped = 0; skipped < offset && reader.nextText() != null; skipped++) {
				// counted only
			}
		}
		catch (IOException | RuntimeException ex) {
			reader.close();
			throw ex;
		}
		Iterator<TraceEvent> events = new Iterator<>() {

			private @Nullable TraceEvent next;

			private boolean done;

			@Override
			public boolean hasNext() {
				if (this.next == null && !this.done) {
					try {
						this.next = nextEvent(reader, file);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					this.done = (this.next == null);
				}
				return this.next != null;
			}

			@Override
			public TraceEvent next() {
				TraceEvent event = hasNext() ? this.next : null;
				if (event == null) {
					throw new NoSuchElementException();
				}
				this.next = null;
				return event;
			}

		};
		return StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL), false)
			.onClose(() -> {
				try {
					reader.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
	}

	private static @Nullable TraceEvent nextEvent(TraceFileReader reader, Path file) throws IOException {
		Map<String, Object> line = reader.nextLine();
		if (line == null) {
			return null;
		}
		try {
			return TraceEvent.fromMap(line);
		}
		catch (IllegalArgumentException | ClassCastException ex) {
			throw new MalformedTraceFileException(file, reader.number(), "not a trace event: " + ex.getMessage(), ex);
		}
	}

}
