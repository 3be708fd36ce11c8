package dev.agenttracing.viewer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.EventCodec;

/**
 * What the viewer knows of one session file. Each {@link #refresh()} looks at the file's
 * size and identity and reads only the bytes appended since the last one (the file is
 * read again from the start only when it was replaced or cut), line by line in chunks,
 * never the whole file at once. Each line is read by the core's {@link EventCodec}. Only
 * whole lines are taken in; a last line without its line feed waits until the file has
 * been left alone for two seconds, and is then taken if it is a JSON object, else skipped
 * with a warning (a writer killed in the middle of the line). Lines that are not trace
 * events are counted and the first {@value #MAX_MALFORMED} kept with their line numbers.
 *
 * <p>
 * Memory is bounded: runs are numbered in the order their first line appears, and only
 * the newest {@code maxRuns} (fewer when their estimated size passes {@code maxBytes})
 * are kept indexed. Older runs are counted and read again from the file when a page or a
 * request asks for one. A run id that appears again after {@code maxRuns} newer runs
 * started counts as a new run.
 */
final class SessionIndex {

	static final int MAX_MALFORMED = 100;

	private static final Logger logger = LoggerFactory.getLogger(SessionIndex.class);

	private static final int MAX_LINE = 16 * 1024 * 1024;

	private static final int CHUNK = 256 * 1024;

	private static final long SETTLE_MILLIS = 2_000;

	/** Estimated bytes of a run id remembered in the window, besides its characters. */
	private static final long ID_BYTES = 160;

	/** Estimated bytes of one indexed run in the session's lists, besides the run. */
	private static final long RUN_SLOT_BYTES = 64;

	private static final long MALFORMED_BYTES = 800;

	private final String key;

	private final Path file;

	private final int maxRuns;

	private final long maxBytes;

	private @Nullable Object fileKey;

	/** Bytes taken in: always the start of a line, unless {@link #endsMidLine}. */
	private long position;

	private boolean endsMidLine;

	private boolean incompleteLastLine;

	private boolean warnedIncomplete;

	/** The file's size when its incomplete last line was skipped. */
	private long skippedSize = -1;

	private int lineCount;

	private long modifiedMillis;

	private @Nullable String sessionId;

	private long lastMicros = RunIndex.UNKNOWN;

	/** Runs numbered so far, indexed or not. */
	private int runCount;

	/** The last {@link #maxRuns} run ids that started a run, and their numbers. */
	private final Window recentIds;

	/** The newest runs, a run of consecutive numbers ending at {@code runCount - 1}. */
	private final List<RunIndex> runs = new ArrayList<>();

	/** The sum of the costs of the ended runs that have one, all runs of the file. */
	private double cost;

	/** The number of ended runs that have a cost. */
	private int pricedRuns;

	private final Map<String, RunIndex> runsById = new HashMap<>();

	private final List<Map<String, Object>> malformed = new ArrayList<>();

	private int malformedCount;

	private long runBytes;

	private volatile long estimatedBytes;

	private long bytesRead;

	private int reads;

	private int rescans;

	private @Nullable OlderPage olderPage;

	private @Nullable RunIndex olderRun;

	/** The last id read again from the file and not found. */
	private @Nullable String olderMiss;

	SessionIndex(String key, Path file) {
		this(key, file, 10_000, 64L * 1024 * 1024);
	}

	/**
	 * The index of one session file.
	 * @param maxRuns the most runs kept indexed
	 * @param maxBytes the most bytes the index may take, as estimated
	 */
	SessionIndex(String key, Path file, int maxRuns, long maxBytes) {
		this.key = key;
		this.file = file;
		this.maxRuns = maxRuns;
		this.maxBytes = maxBytes;
		this.recentIds = new Window(maxRuns);
	}

	String key() {
		return this.key;
	}

	/**
	 * Takes in what was appended to the file since the last call.
	 * @throws NoSuchFileException if the file is gone, is no regular file or is a
	 * symbolic link
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
		if (size > this.position && !(this.incompleteLastLine && size == this.skippedSize)) {
			read();
		}
	}

	private void clear() {
		this.position = 0;
		this.endsMidLine = false;
		this.incompleteLastLine = false;
		this.lineCount = 0;
		this.sessionId = null;
		this.lastMicros = RunIndex.UNKNOWN;
		this.runCount = 0;
		this.recentIds.clear();
		this.runs.clear();
		this.runsById.clear();
		this.malformed.clear();
		this.malformedCount = 0;
		this.runBytes = 0;
		this.cost = 0;
		this.pricedRuns = 0;
		this.olderPage = null;
		this.olderRun = null;
		this.olderMiss = null;
		updateEstimate();
	}

	/** Opens the file for reading, never through a symbolic link. */
	private FileChannel open() throws IOException {
		try {
			return FileChannel.open(this.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
		}
		catch (FileSystemException ex) {
			if (!(ex instanceof NoSuchFileException) && Files.isSymbolicLink(this.file)) {
				throw new NoSuchFileException(this.file.getFileName().toString());
			}
			throw ex;
		}
	}

	private void read() throws IOException {
		this.reads++;
		this.incompleteLastLine = false;
		try (FileChannel channel = open()) {
			long end = channel.size();
			Tail tail = scan(channel, this.position, end, this.lineCount, new LineSink() {

				@Override
				public void line(int number, long offset, byte[] bytes, int from, int length) {
					SessionIndex.this.line(number, offset, bytes, from, length, false);
				}

				@Override
				public void tooLong(int number) {
					malformed(number, "line longer than " + (MAX_LINE / (1024 * 1024)) + " MB");
				}

				@Override
				public void chunkDone() {
					trim();
				}

			});
			this.bytesRead += tail.end() - this.position;
			this.position = tail.lineStart();
			this.lineCount = tail.lines();
			byte[] rest = tail.rest();
			if (rest != null && System.currentTimeMillis() - this.modifiedMillis >= SETTLE_MILLIS) {
				// a last line that never got its line feed
				if (line(this.lineCount + 1, this.position, rest, 0, tail.restLength(), true)) {
					this.lineCount++;
					this.position = tail.end();
					this.endsMidLine = true;
				}
				else {
					this.incompleteLastLine = true;
					this.skippedSize = tail.end();
					if (!this.warnedIncomplete) {
						this.warnedIncomplete = true;
						logger.warn("Trace viewer skips the incomplete last line {} of {} ({} bytes without a line "
								+ "feed that are no JSON object, as a writer stopped in the middle of a line leaves)",
								this.lineCount + 1, this.file.getFileName(), tail.restLength());
					}
				}
			}
			trim();
		}
	}

	/**
	 * Reads the whole lines of {@code [from, end)} in chunks, numbering them after
	 * {@code lines}.
	 */
	private static Tail scan(FileChannel channel, long from, long end, int lines, LineSink sink) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, end - from)));
		byte[] carry = new byte[0];
		int carried = 0;
		boolean skipping = false;
		int number = lines;
		long lineStart = from;
		long at = from;
		while (at < end && !sink.stopped()) {
			buffer.clear();
			if (end - at < buffer.capacity()) {
				buffer.limit((int) (end - at));
			}
			int read = channel.read(buffer, at);
			if (read <= 0) {
				break;
			}
			byte[] bytes = buffer.array();
			int start = 0;
			for (int i = 0; i < read; i++) {
				if (bytes[i] != '\n') {
					continue;
				}
				number++;
				if (skipping) {
					sink.tooLong(number);
					skipping = false;
				}
				else if (carried > 0) {
					int length = carried + i - start;
					carry = ensure(carry, length);
					System.arraycopy(bytes, start, carry, carried, i - start);
					sink.line(number, lineStart, carry, 0, length);
					carried = 0;
				}
				else {
					sink.line(number, lineStart, bytes, start, i - start);
				}
				start = i + 1;
				lineStart = at + i + 1;
			}
			int rest = read - start;
			if (!skipping && carried + rest > MAX_LINE) {
				skipping = true;
				carried = 0;
			}
			else if (!skipping && rest > 0) {
				carry = ensure(carry, carried + rest);
				System.arraycopy(bytes, start, carry, carried, rest);
				carried += rest;
			}
			at += read;
			sink.chunkDone();
		}
		boolean tail = !skipping && carried > 0 && !sink.stopped();
		return new Tail(lineStart, at, number, tail ? carry : null, tail ? carried : 0);
	}

	private static byte[] ensure(byte[] array, int length) {
		return (array.length >= length) ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
	}

	/**
	 * Takes in one line.
	 * @param last whether it is a last line without its line feed: then one that is no
	 * JSON is not taken
	 * @return whether the line was taken
	 */
	private boolean line(int number, long offset, byte[] bytes, int from, int length, boolean last) {
		Parsed parsed;
		try {
			parsed = parse(bytes, from, length);
		}
		catch (IllegalArgumentException ex) {
			if (last) {
				return false;
			}
			// "malformed JSON: ..." or "not a JSON object"
			malformed(number, String.valueOf(ex.getMessage()));
			return true;
		}
		if (parsed == null) {
			return true;
		}
		String problem = parsed.problem();
		if (problem != null) {
			malformed(number, problem);
			return true;
		}
		Map<String, Object> line = parsed.line();
		if (this.sessionId == null && line.get("session_id") instanceof String session) {
			this.sessionId = session;
		}
		long micros = parsed.micros();
		if (micros != RunIndex.UNKNOWN && (this.lastMicros == RunIndex.UNKNOWN || micros > this.lastMicros)) {
			this.lastMicros = micros;
		}
		String runId = parsed.runId();
		RunIndex run;
		if (this.recentIds.get(runId) == null) {
			this.recentIds.put(runId, this.runCount++);
			run = new RunIndex(runId);
			this.runs.add(run);
			this.runsById.put(runId, run);
			this.runBytes += RUN_SLOT_BYTES + run.estimatedBytes();
		}
		else {
			// null when dropped from the index for its size
			run = this.runsById.get(runId);
		}
		String event = parsed.event();
		if (("RunCompleted".equals(event) || "RunError".equals(event))
				&& line.get("metrics") instanceof Map<?, ?> metrics && metrics.get("cost") instanceof Number cost) {
			this.cost += cost.doubleValue();
			this.pricedRuns++;
		}
		if (run != null) {
			long before = run.estimatedBytes();
			run.add(number, offset + parsed.start(), parsed.length(), parsed.event(), line, micros);
			this.runBytes += run.estimatedBytes() - before;
		}
		return true;
	}

	/**
	 * Reads a line.
	 * @return the line, or {@code null} for a blank one
	 * @throws IllegalArgumentException if it is no JSON object
	 */
	private static @Nullable Parsed parse(byte[] bytes, int from, int length) {
		int end = from + length;
		while (end > from && isSpace(bytes[end - 1])) {
			end--;
		}
		int start = from;
		while (start < end && isSpace(bytes[start])) {
			start++;
		}
		if (start == end) {
			return null;
		}
		Map<String, Object> line = EventCodec.readLine(bytes, start, end - start);
		if (!(line.get("event") instanceof String event) || event.isEmpty()) {
			return new Parsed(line, "", "", 0, 0, 0, "not a trace event: no \"event\" name");
		}
		if (!(line.get("run_id") instanceof String runId) || runId.isEmpty()) {
			return new Parsed(line, event, "", 0, 0, 0, "not a trace event: no \"run_id\"");
		}
		return new Parsed(line, event, runId, RunIndex.micros(line), start - from, end - start, null);
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

	/**
	 * Drops the oldest runs from the index beyond {@link #maxRuns} or {@link #maxBytes}.
	 */
	private void trim() {
		long fixed = fixedBytes();
		int drop = Math.max(0, this.runs.size() - this.maxRuns);
		long bytes = this.runBytes;
		for (int i = 0; i < drop; i++) {
			bytes -= RUN_SLOT_BYTES + this.runs.get(i).estimatedBytes();
		}
		while (fixed + bytes > this.maxBytes && drop < this.runs.size() - 1) {
			bytes -= RUN_SLOT_BYTES + this.runs.get(drop).estimatedBytes();
			drop++;
		}
		if (drop > 0) {
			List<RunIndex> dropped = this.runs.subList(0, drop);
			for (RunIndex run : dropped) {
				this.runsById.remove(run.runId(), run);
			}
			dropped.clear();
			this.runBytes = bytes;
		}
		updateEstimate();
	}

	private long fixedBytes() {
		return 1024 + this.recentIds.bytes + (long) this.malformed.size() * MALFORMED_BYTES;
	}

	private void updateEstimate() {
		this.estimatedBytes = fixedBytes() + this.runBytes;
	}

	/**
	 * The memory this index takes, as estimated; read without waiting for a refresh.
	 */
	long estimatedBytes() {
		return this.estimatedBytes;
	}

	/** The session as the sessions list shows it. */
	synchronized Map<String, Object> summary() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", this.key);
		map.put("session_id", this.sessionId);
		map.put("runs", this.runCount);
		map.put("running", this.runs.stream().filter((run) -> run.status().equals("running")).count());
		long last = (this.lastMicros != RunIndex.UNKNOWN) ? this.lastMicros : this.modifiedMillis * 1000L;
		map.put("last_activity", RunIndex.iso(last));
		map.put("last_activity_ms", RunIndex.millis(last));
		map.put("lines", this.lineCount);
		map.put("malformed_lines", this.malformedCount);
		map.put("indexed_runs", this.runs.size());
		if (this.pricedRuns > 0) {
			// rounded to 12 decimals, as the tracer rounds each cost
			map.put("cost", Math.round(this.cost * 1e12) / 1e12);
			map.put("priced_runs", this.pricedRuns);
		}
		return map;
	}

	/**
	 * The summary with the lines that are not trace events, and whether an incomplete
	 * last line was skipped.
	 */
	synchronized Map<String, Object> details() {
		Map<String, Object> map = summary();
		map.put("malformed", new ArrayList<>(this.malformed));
		map.put("incomplete_last_line", this.incompleteLastLine);
		return map;
	}

	/**
	 * Summaries of the runs, newest first; runs no longer indexed are read again from the
	 * file.
	 */
	synchronized List<Map<String, Object>> runs(int offset, int limit) throws IOException {
		List<Map<String, Object>> page = new ArrayList<>();
		long newest = (long) this.runCount - 1 - offset;
		if (newest < 0 || limit <= 0) {
			return page;
		}
		int high = (int) newest;
		int low = (int) Math.max(0, newest - limit + 1);
		int first = this.runCount - this.runs.size();
		for (int number = high; number >= Math.max(low, first); number--) {
			page.add(this.runs.get(number - first).summary());
		}
		if (low < first) {
			List<Map<String, Object>> older = olderRuns(low, Math.min(high, first - 1));
			for (int i = older.size() - 1; i >= 0; i--) {
				page.add(older.get(i));
			}
		}
		return page;
	}

	/**
	 * The summaries of the runs numbered {@code low} to {@code high}, no longer indexed:
	 * read again from the file. Runs that left the window of recent ids never change, so
	 * their page is kept.
	 */
	private List<Map<String, Object>> olderRuns(int low, int high) throws IOException {
		OlderPage kept = this.olderPage;
		if (kept != null && kept.low() == low && kept.high() == high) {
			return kept.runs();
		}
		RunIndex[] found = new RunIndex[high - low + 1];
		rescan(new Rescan(this.maxRuns) {

			@Override
			@Nullable RunIndex runFor(String runId, int number, boolean started) {
				if (number < low || number > high) {
					return null;
				}
				if (started) {
					found[number - low] = new RunIndex(runId);
				}
				return found[number - low];
			}

			@Override
			public boolean stopped() {
				// the runs asked for can get no more lines once maxRuns newer ones
				// started
				return count() > (long) high + SessionIndex.this.maxRuns;
			}

		});
		List<Map<String, Object>> summaries = new ArrayList<>(found.length);
		for (RunIndex run : found) {
			if (run != null) {
				summaries.add(run.summary());
			}
		}
		if ((long) high + this.maxRuns < this.runCount) {
			this.olderPage = new OlderPage(low, high, summaries);
		}
		return summaries;
	}

	/**
	 * A run no longer indexed, read again from the file: all lines with its id.
	 */
	private @Nullable RunIndex olderRun(String runId) throws IOException {
		RunIndex kept = this.olderRun;
		if (kept != null && kept.runId().equals(runId)) {
			return kept;
		}
		RunIndex[] found = new RunIndex[1];
		rescan(new Rescan(this.maxRuns) {

			@Override
			@Nullable RunIndex runFor(String id, int number, boolean started) {
				if (!id.equals(runId)) {
					return null;
				}
				if (found[0] == null) {
					found[0] = new RunIndex(runId);
				}
				return found[0];
			}

		});
		RunIndex run = found[0];
		if (run != null && this.recentIds.get(runId) == null) {
			this.olderRun = run;
		}
		else if (run == null) {
			// lines appended later go to the index, so the file has no such run until it
			// is
			// replaced
			this.olderMiss = runId;
		}
		return run;
	}

	private void rescan(Rescan rescan) throws IOException {
		this.rescans++;
		try (FileChannel channel = open()) {
			Tail tail = scan(channel, 0, this.position, 0, rescan);
			byte[] rest = tail.rest();
			if (rest != null && this.endsMidLine && !rescan.stopped()) {
				rescan.line(tail.lines() + 1, tail.lineStart(), rest, 0, tail.restLength());
			}
		}
	}

	synchronized int runCount() {
		return this.runCount;
	}

	/** Runs kept indexed. */
	synchronized int indexedRuns() {
		return this.runs.size();
	}

	synchronized @Nullable String sessionId() {
		return this.sessionId;
	}

	/**
	 * A run by its id: indexed, else read again from the file, but only when runs were
	 * dropped from the index.
	 */
	private @Nullable RunIndex findRun(String runId) throws IOException {
		RunIndex run = this.runsById.get(runId);
		if (run != null || this.runs.size() == this.runCount || runId.equals(this.olderMiss)) {
			return run;
		}
		return olderRun(runId);
	}

	/**
	 * One run: its summary, its timeline and a page of its events read again from the
	 * file.
	 * @return the run, or {@code null} when the session has no such run
	 */
	synchronized @Nullable Map<String, Object> run(String runId, int offset, int limit, int timelineLimit)
			throws IOException {
		RunIndex run = findRun(runId);
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
		RunIndex run = findRun(runId);
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
		try (FileChannel channel = open()) {
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

	/** Number of times the file was read again for runs no longer indexed. */
	synchronized int rescans() {
		return this.rescans;
	}

	/** Receives the lines of a file as {@link #scan} reads them. */
	private interface LineSink {

		void line(int number, long offset, byte[] bytes, int from, int length);

		void tooLong(int number);

		default void chunkDone() {
		}

		default boolean stopped() {
			return false;
		}

	}

	/**
	 * A read of the file from its start that numbers the runs as the index does, and
	 * gives the lines of some runs to the index it builds for them.
	 */
	private abstract static class Rescan implements LineSink {

		private final Window ids;

		private int count;

		Rescan(int maxRuns) {
			this.ids = new Window(maxRuns);
		}

		int count() {
			return this.count;
		}

		/**
		 * The index that takes the lines of the run with this number, or {@code null}.
		 * @param started whether this line is the run's first
		 */
		abstract @Nullable RunIndex runFor(String runId, int number, boolean started);

		@Override
		public void line(int number, long offset, byte[] bytes, int from, int length) {
			Parsed parsed;
			try {
				parsed = parse(bytes, from, length);
			}
			catch (IllegalArgumentException ex) {
				return;
			}
			if (parsed == null || parsed.problem() != null) {
				return;
			}
			Integer known = this.ids.get(parsed.runId());
			int run;
			if (known == null) {
				run = this.count++;
				this.ids.put(parsed.runId(), run);
			}
			else {
				run = known;
			}
			RunIndex index = runFor(parsed.runId(), run, known == null);
			if (index != null) {
				index.add(number, offset + parsed.start(), parsed.length(), parsed.event(), parsed.line(),
						parsed.micros());
			}
		}

		@Override
		public void tooLong(int number) {
		}

	}

	/**
	 * The most recent run ids and their numbers, at most a given number of them, the
	 * oldest leaving first; counts the bytes they take, as estimated.
	 */
	@SuppressWarnings("serial")
	private static final class Window extends LinkedHashMap<String, Integer> {

		private final int max;

		long bytes;

		Window(int max) {
			super(16, 0.75f, false);
			this.max = max;
		}

		@Override
		public @Nullable Integer put(String key, Integer value) {
			this.bytes += ID_BYTES + 2L * key.length();
			return super.put(key, value);
		}

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
			if (size() > this.max) {
				this.bytes -= ID_BYTES + 2L * eldest.getKey().length();
				return true;
			}
			return false;
		}

		@Override
		public void clear() {
			super.clear();
			this.bytes = 0;
		}

	}

	/**
	 * A line read: a trace event, or a JSON object with the problem that makes it none.
	 */
	private record Parsed(Map<String, Object> line, String event, String runId, long micros, int start, int length,
			@Nullable String problem) {
	}

	/**
	 * Where a scan stopped: after the last whole line, and the rest without a line feed.
	 */
	private record Tail(long lineStart, long end, int lines, byte @Nullable [] rest, int restLength) {
	}

	private record OlderPage(int low, int high, List<Map<String, Object>> runs) {
	}

}
