package dev.agenttracing.viewer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.EventCodec;

/**
 * What the viewer knows of one session file. Each {@link #refresh()} looks at the file's
 * size and identity and reads only the bytes appended since the last one (the file is
 * read again from the start only when it was replaced or cut). Each line is read by the
 * core's {@link EventCodec}. Only whole lines are taken in; a last line without its line
 * feed waits until the file has been left alone for two seconds. Lines that are not trace
 * events are counted and the first {@value #MAX_MALFORMED} kept with their line numbers.
 */
final class SessionIndex {

	static final int MAX_MALFORMED = 100;

	private static final int MAX_LINE = 16 * 1024 * 1024;

	private static final int CHUNK = 256 * 1024;

	private static final long SETTLE_MILLIS = 2_000;

	private final String key;

	private final Path file;

	private @Nullable Object fileKey;

	/** Bytes taken in: always the start of a line, unless {@link #endsMidLine}. */
	private long position;

	private boolean endsMidLine;

	private int lineCount;

	private long modifiedMillis;

	private @Nullable String sessionId;

	private long lastMicros = RunIndex.UNKNOWN;

	private final List<RunIndex> runs = new ArrayList<>();

	private final Map<String, RunIndex> runsById = new HashMap<>();

	private final List<Map<String, Object>> malformed = new ArrayList<>();

	private int malformedCount;

	private long bytesRead;

	private int reads;

	SessionIndex(String key, Path file) {
		this.key = key;
		this.file = file;
	}

	String key() {
		return this.key;
	}

	/**
	 * Takes in what was appended to the file since the last call.
	 * @throws NoSuchFileException if the file is gone or is no regular file
	 */
	synchronized void refresh() throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(this.file, BasicFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isRegularFile()) {
			throw new NoSuchFileException(this.file.getFileName().toString());
		}
		Object identity = attributes.fileKey();
		long size = attributes.size();
		boolean replaced = identity != null && this.fileKey != null && !identity.equals(this.fileKey);
		if (replaced || size < this.position || (this.endsMidLine && size > this.position)) {
			clear();
		}
		this.fileKey = identity;
		this.modifiedMillis = attributes.lastModifiedTime().toMillis();
		if (size > this.position) {
			read();
		}
	}

	private void clear() {
		this.position = 0;
		this.endsMidLine = false;
		this.lineCount = 0;
		this.sessionId = null;
		this.lastMicros = RunIndex.UNKNOWN;
		this.runs.clear();
		this.runsById.clear();
		this.malformed.clear();
		this.malformedCount = 0;
	}

	private void read() throws IOException {
		this.reads++;
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			long end = channel.size();
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, end - this.position)));
			byte[] carry = new byte[0];
			int carried = 0;
			boolean skipping = false;
			long lineStart = this.position;
			long at = this.position;
			while (at < end) {
				buffer.clear();
				int read = channel.read(buffer, at);
				if (read <= 0) {
					break;
				}
				byte[] bytes = buffer.array();
				int from = 0;
				for (int i = 0; i < read; i++) {
					if (bytes[i] != '\n') {
						continue;
					}
					if (skipping) {
						this.lineCount++;
						malformed(this.lineCount, "line longer than " + (MAX_LINE / (1024 * 1024)) + " MB");
						skipping = false;
					}
					else if (carried > 0) {
						int length = carried + i - from;
						carry = ensure(carry, length);
						System.arraycopy(bytes, from, carry, carried, i - from);
						line(lineStart, carry, 0, length);
						carried = 0;
					}
					else {
						line(lineStart, bytes, from, i - from);
					}
					from = i + 1;
					lineStart = at + i + 1;
				}
				int rest = read - from;
				if (!skipping && carried + rest > MAX_LINE) {
					skipping = true;
					carried = 0;
				}
				else if (!skipping && rest > 0) {
					carry = ensure(carry, carried + rest);
					System.arraycopy(bytes, from, carry, carried, rest);
					carried += rest;
				}
				at += read;
			}
			this.bytesRead += at - this.position;
			this.position = lineStart;
			if (!skipping && carried > 0 && System.currentTimeMillis() - this.modifiedMillis >= SETTLE_MILLIS) {
				// a last line that never got its line feed
				line(lineStart, carry, 0, carried);
				this.position = at;
				this.endsMidLine = true;
			}
		}
	}

	private static byte[] ensure(byte[] array, int length) {
		return (array.length >= length) ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
	}

	private void line(long offset, byte[] bytes, int from, int length) {
		int number = ++this.lineCount;
		int end = from + length;
		while (end > from && isSpace(bytes[end - 1])) {
			end--;
		}
		int start = from;
		while (start < end && isSpace(bytes[start])) {
			start++;
		}
		if (start == end) {
			return;
		}
		Map<String, Object> line;
		try {
			line = EventCodec.readLine(bytes, start, end - start);
		}
		catch (IllegalArgumentException ex) {
			// "malformed JSON: ..." or "not a JSON object"
			malformed(number, String.valueOf(ex.getMessage()));
			return;
		}
		if (!(line.get("event") instanceof String event) || event.isEmpty()) {
			malformed(number, "not a trace event: no \"event\" name");
			return;
		}
		if (!(line.get("run_id") instanceof String runId) || runId.isEmpty()) {
			malformed(number, "not a trace event: no \"run_id\"");
			return;
		}
		if (this.sessionId == null && line.get("session_id") instanceof String session) {
			this.sessionId = session;
		}
		long micros = RunIndex.micros(line);
		if (micros != RunIndex.UNKNOWN && (this.lastMicros == RunIndex.UNKNOWN || micros > this.lastMicros)) {
			this.lastMicros = micros;
		}
		RunIndex run = this.runsById.get(runId);
		if (run == null) {
			run = new RunIndex(runId);
			this.runs.add(run);
			this.runsById.put(runId, run);
		}
		run.add(number, offset + (start - from), end - start, event, line, micros);
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\r';
	}

	private void malformed(int number, String problem) {
		this.malformedCount++;
		if (this.malformed.size() < MAX_MALFORMED) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("line", number);
			item.put("error", RunIndex.shorten(problem, 300));
			this.malformed.add(item);
		}
	}

	/** The session as the sessions list shows it. */
	synchronized Map<String, Object> summary() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", this.key);
		map.put("session_id", this.sessionId);
		map.put("runs", this.runs.size());
		map.put("running", this.runs.stream().filter((run) -> run.status().equals("running")).count());
		long last = (this.lastMicros != RunIndex.UNKNOWN) ? this.lastMicros : this.modifiedMillis * 1000L;
		map.put("last_activity", RunIndex.iso(last));
		map.put("last_activity_ms", RunIndex.millis(last));
		map.put("lines", this.lineCount);
		map.put("malformed_lines", this.malformedCount);
		return map;
	}

	/** The summary with the lines that are not trace events. */
	synchronized Map<String, Object> details() {
		Map<String, Object> map = summary();
		map.put("malformed", new ArrayList<>(this.malformed));
		return map;
	}

	/** Summaries of the runs, newest first. */
	synchronized List<Map<String, Object>> runs(int offset, int limit) {
		List<Map<String, Object>> page = new ArrayList<>();
		for (int i = this.runs.size() - 1 - offset; i >= 0 && page.size() < limit; i--) {
			page.add(this.runs.get(i).summary());
		}
		return page;
	}

	synchronized int runCount() {
		return this.runs.size();
	}

	synchronized @Nullable String sessionId() {
		return this.sessionId;
	}

	/**
	 * One run: its summary, its timeline and a page of its events read again from the
	 * file.
	 * @return the run, or {@code null} when the session has no such run
	 */
	synchronized @Nullable Map<String, Object> run(String runId, int offset, int limit, int timelineLimit)
			throws IOException {
		RunIndex run = this.runsById.get(runId);
		if (run == null) {
			return null;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("session", summary());
		map.put("run", run.summary());
		map.putAll(run.timeline(timelineLimit));
		int from = Math.min(offset, run.entries());
		int[] entries = new int[Math.min(limit, run.entries() - from)];
		for (int i = 0; i < entries.length; i++) {
			entries[i] = from + i;
		}
		Map<String, Object> events = new LinkedHashMap<>();
		events.put("offset", offset);
		events.put("limit", limit);
		events.put("total", run.entries());
		events.put("items", read(run, entries));
		map.put("events", events);
		return map;
	}

	/**
	 * The lines of one span of a run, read again from the file: its start and its end.
	 * The run's own span id gives the run's first and last line.
	 * @return the span and its lines, or {@code null} when there is no such run or span
	 */
	synchronized @Nullable Map<String, Object> span(String runId, String spanId) throws IOException {
		RunIndex run = this.runsById.get(runId);
		if (run == null) {
			return null;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		int[] entries;
		RunIndex.Span span = run.span(spanId);
		if (span != null) {
			map.put("span", span.toMap(run));
			entries = (span.startEntry == span.endEntry) ? new int[] { span.startEntry }
					: new int[] { span.startEntry, span.endEntry };
		}
		else if (spanId.equals(run.spanId())) {
			map.put("span", run.summary());
			entries = run.runEntries();
		}
		else {
			return null;
		}
		map.put("events", read(run, entries));
		return map;
	}

	private List<Map<String, Object>> read(RunIndex run, int[] entries) throws IOException {
		List<Map<String, Object>> lines = new ArrayList<>(entries.length);
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			for (int entry : entries) {
				if (entry < 0) {
					continue;
				}
				Map<String, Object> item = new LinkedHashMap<>();
				item.put("line", run.lineNumber(entry));
				ByteBuffer buffer = ByteBuffer.allocate(run.length(entry));
				long at = run.offset(entry);
				while (buffer.hasRemaining()) {
					if (channel.read(buffer, at + buffer.position()) < 0) {
						break;
					}
				}
				try {
					item.put("event", EventCodec.readLine(buffer.array(), 0, buffer.position()));
				}
				catch (IllegalArgumentException ex) {
					item.put("error", "the file changed: " + ex.getMessage());
				}
				lines.add(item);
			}
		}
		return lines;
	}

	/** Bytes read from the file so far, all refreshes together. */
	synchronized long bytesRead() {
		return this.bytesRead;
	}

	/** Number of refreshes that found new bytes and read them. */
	synchronized int reads() {
		return this.reads;
	}

}
