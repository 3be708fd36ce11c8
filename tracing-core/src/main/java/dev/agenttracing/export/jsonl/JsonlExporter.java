package dev.agenttracing.export.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.EventJson;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.TraceExporter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each event as one JSON line to {@code {traceDir}/{session}.jsonl}, appending, so
 * that files survive restarts. Lines are written whole, several at a time, each write one
 * append, so concurrent writers never tear or interleave lines. The directory and files
 * it creates are readable by their owner only, where the file system supports POSIX
 * permissions.
 *
 * <p>
 * A session id becomes the file name as it is when it is 1 to 100 characters of
 * {@code A-Z a-z 0-9 . _ -}, does not start with a dot and is no reserved Windows device
 * name ({@code CON}, {@code NUL}, {@code COM1}, ...). Any other id (empty, too long, with
 * a slash or any other character) becomes its safe characters, cut to 64, then {@code ~}
 * and the first 16 hex digits of its SHA-256, so that {@code ../../etc/x} is written to a
 * file such as {@code _.._.._etc_x~0123456789abcdef.jsonl} inside the trace directory
 * (see {@link #fileName(String)}). The lines keep the original id.
 *
 * <pre>{@code
 * AgentTracer tracer = AgentTracer.builder()
 *     .exporter(new JsonlExporter(Path.of("./traces"), true, false))
 *     .build();
 * }</pre>
 */
public final class JsonlExporter implements TraceExporter {

	private static final Logger logger = LoggerFactory.getLogger(JsonlExporter.class);

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	private static final Pattern RESERVED = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");

	/** The most events of one export call with the exporter's own {@link #batching()}. */
	public static final int MAX_BATCH_SIZE = 512;

	private static final int MAX_OPEN_FILES = 64;

	private static final int BUFFER_LIMIT = 64 * 1024;

	private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/**
	 * The mapper's writer for generators that write one line after another, with nothing
	 * between them.
	 */
	private static final ObjectWriter writer = mapper.writer().withRootValueSeparator("");

	private final Path traceDir;

	private final boolean flushEach;

	private final boolean mirrorStdout;

	private final ExportBatching batching;

	private final boolean posix;

	private final Map<String, OpenFile> files = new LinkedHashMap<>(16, 0.75f, true);

	/**
	 * File names by session id: {@link #fileName(String)} runs two regular expressions.
	 */
	private final Map<String, String> fileNames = new HashMap<>();

	/**
	 * An exporter that flushes after every line and does not mirror to standard output.
	 * @param traceDir the directory of the session files, created when missing
	 */
	public JsonlExporter(Path traceDir) {
		this(traceDir, true, false);
	}

	/**
	 * Creates the exporter; the directory is created at the first write.
	 * @param traceDir the directory of the session files, created when missing
	 * @param flushEach whether every line handed to {@link #export(List)} is in its file
	 * when the call returns (each file gets the call's lines with one append, at most 64
	 * KiB each, so a batch costs one write instead of one per line); otherwise lines are
	 * buffered across calls and written in appends of 64 KiB, when the queue has been
	 * idle, on flush and at shutdown
	 * @param mirrorStdout whether each line is also printed to standard output
	 */
	public JsonlExporter(Path traceDir, boolean flushEach, boolean mirrorStdout) {
		this(traceDir, flushEach, mirrorStdout, ExportBatching.queued(MAX_BATCH_SIZE));
	}

	private JsonlExporter(Path traceDir, boolean flushEach, boolean mirrorStdout, ExportBatching batching) {
		this.traceDir = traceDir.toAbsolutePath().normalize();
		this.flushEach = flushEach;
		this.mirrorStdout = mirrorStdout;
		this.batching = batching;
		this.posix = this.traceDir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * An exporter like this one (same directory and options, no files open yet) that
	 * declares other batching, such as fixed batches: <pre>{@code
	 * new JsonlExporter(Path.of("traces")).withBatching(ExportBatching.fixed(64, Duration.ofSeconds(2)))
	 * }</pre>
	 * @param batching the batching its channel is to use
	 * @return the new exporter
	 */
	public JsonlExporter withBatching(ExportBatching batching) {
		return new JsonlExporter(this.traceDir, this.flushEach, this.mirrorStdout,
				Objects.requireNonNull(batching, "batching"));
	}

	/**
	 * Unless {@link #withBatching(ExportBatching) set otherwise}, what is queued, up to
	 * {@value #MAX_BATCH_SIZE} events, in each export call, without waiting for more: a
	 * burst costs one write per file instead of one per line, and an event queued alone
	 * is in its file as soon as with a batch size of 1.
	 */
	@Override
	public ExportBatching batching() {
		return this.batching;
	}

	/** The directory of the session files. */
	public Path traceDir() {
		return this.traceDir;
	}

	/**
	 * The session files this exporter holds open now, which {@link JsonlRetention} never
	 * deletes.
	 * @return the files' paths
	 */
	public synchronized Set<Path> openFiles() {
		Set<Path> open = new HashSet<>();
		for (OpenFile file : this.files.values()) {
			open.add(file.path);
		}
		return open;
	}

	/**
	 * The file of a session inside the trace directory.
	 * @param sessionId the session id
	 * @return the path, always directly inside {@link #traceDir()}
	 */
	public Path sessionFile(String sessionId) {
		return this.traceDir.resolve(fileName(sessionId));
	}

	/**
	 * The file name of a session: the id itself when it is safe, else its safe characters
	 * and a hash (see the class description). Never contains a path separator, never
	 * {@code .} or {@code ..}.
	 * @param sessionId the session id
	 * @return the file name, ending in {@code .jsonl}
	 */
	public static String fileName(String sessionId) {
		if (SAFE.matcher(sessionId).matches() && sessionId.charAt(0) != '.' && !RESERVED.matcher(sessionId).matches()) {
			return sessionId + ".jsonl";
		}
		StringBuilder safe = new StringBuilder(64);
		for (int i = 0; i < sessionId.length() && safe.length() < 64; i++) {
			char c = sessionId.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || (c == '.' && safe.length() > 0);
			safe.append(ok ? c : '_');
		}
		return safe + "~" + sha256(sessionId).substring(0, 16) + ".jsonl";
	}

	@Override
	public synchronized void export(List<TraceEvent> events) throws IOException {
		IOException failure = null;
		Sink sink = new Sink();
		JsonGenerator gen = null;
		try {
			for (TraceEvent event : events) {
				OpenFile file;
				try {
					file = open(event.sessionId());
				}
				catch (IOException ex) {
					failure = ex;
					mirrorUnwritten(event);
					continue;
				}
				// the line goes straight into the file's pending bytes; a failure takes
				// it back out
				int mark = file.pending.size();
				sink.target = file.pending;
				try {
					if (gen == null) {
						gen = writer.createGenerator(sink);
					}
					EventJson.write(event, gen);
					gen.flush();
				}
				catch (RuntimeException ex) {
					// the generator may hold part of the line: drop it unflushed and
					// start a new one
					gen = null;
					file.pending.truncate(mark);
					logger.warn("Could not serialize a {} event of run {}: {}", event.event(), event.runId(),
							ex.toString());
					continue;
				}
				finally {
					sink.target = null;
				}
				if (this.mirrorStdout) {
					PrintStream out = System.out;
					out.println(file.pending.textFrom(mark));
				}
				file.pending.write('\n');
				try {
					if (file.pending.size() >= BUFFER_LIMIT) {
						file.drain();
					}
				}
				catch (IOException ex) {
					failure = ex;
				}
			}
		}
		finally {
			if (gen != null) {
				gen.close();
			}
		}
		if (this.flushEach) {
			// every line of the call is in its file when it returns: one append per file,
			// not one per line
			for (OpenFile file : this.files.values()) {
				try {
					file.drain();
				}
				catch (IOException ex) {
					failure = ex;
				}
			}
		}
		if (this.mirrorStdout) {
			System.out.flush();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Mirrors an event whose file could not be opened, as the lines written are mirrored.
	 */
	private void mirrorUnwritten(TraceEvent event) {
		if (this.mirrorStdout) {
			try {
				System.out.println(mapper.writeValueAsString(event.toMap()));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not serialize a {} event of run {}: {}", event.event(), event.runId(),
						ex.toString());
			}
		}
	}

	@Override
	public synchronized void flush() throws IOException {
		IOException failure = null;
		Iterator<OpenFile> iterator = this.files.values().iterator();
		while (iterator.hasNext()) {
			OpenFile file = iterator.next();
			try {
				file.drain();
				if (!Files.exists(file.path)) {
					// deleted or rotated away: reopen (and recreate) at the next write
					iterator.remove();
					file.close();
				}
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public synchronized void shutdown() throws IOException {
		IOException failure = null;
		for (OpenFile file : this.files.values()) {
			try {
				file.drain();
				file.close();
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		this.files.clear();
		if (failure != null) {
			throw failure;
		}
	}

	private OpenFile open(String sessionId) throws IOException {
		String name = this.fileNames.get(sessionId);
		if (name == null) {
			if (this.fileNames.size() >= 1024) {
				this.fileNames.clear();
			}
			name = fileName(sessionId);
			this.fileNames.put(sessionId, name);
		}
		OpenFile file = this.files.get(name);
		if (file != null) {
			return file;
		}
		if (this.files.size() >= MAX_OPEN_FILES) {
			Iterator<OpenFile> eldest = this.files.values().iterator();
			OpenFile evicted = eldest.next();
			eldest.remove();
			evicted.drain();
			evicted.close();
		}
		Files.createDirectories(this.traceDir, dirAttributes());
		Path path = this.traceDir.resolve(name);
		if (!this.traceDir.equals(path.getParent())) {
			throw new IOException("session file escapes the trace directory: " + name);
		}
		if (this.posix) {
			try {
				Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_FILE));
			}
			catch (FileAlreadyExistsException ex) {
				// appended to below
			}
		}
		if (Files.isSymbolicLink(path)) {
			throw new IOException(
					"not writing to " + path + ": it is a symbolic link, which the exporter never follows");
		}
		// also refused if it became a link since the check
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
		try {
			endLastLine(path, channel);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
		file = new OpenFile(path, channel);
		this.files.put(name, file);
		return file;
	}

	/**
	 * Ends the last line of a file this exporter is about to append to, when a process
	 * writing it was killed in the middle of the line: a whole JSON object gets its line
	 * end; a part of one is cut off (it is lost either way, and the lines appended after
	 * it would otherwise follow it on the same line, making that line unreadable).
	 */
	private static void endLastLine(Path path, FileChannel channel) throws IOException {
		long began = System.nanoTime();
		long size = channel.size();
		if (size == 0) {
			return;
		}
		try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			if (byteAt(reader, size - 1) == '\n') {
				return;
			}
			// another writer in the middle of its append (another exporter or process on
			// the same directory) ends its line within moments; a killed one never does
			int stable = 0;
			while (stable < 2) {
				try {
					Thread.sleep(SETTLE_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				long now = channel.size();
				if (byteAt(reader, now - 1) == '\n') {
					return;
				}
				stable = (now == size) ? stable + 1 : 0;
				size = now;
				if (System.nanoTime() - began > SETTLE_LIMIT_NANOS) {
					// still growing: a live writer, left alone
					return;
				}
			}
			// the start of the last line: one chunk at a time from the end
			ByteBuffer chunk = ByteBuffer.allocate(8192);
			long lineStart = 0;
			long end = size;
			search: while (end > 0) {
				long start = Math.max(0, end - chunk.capacity());
				chunk.clear().limit((int) (end - start));
				readFully(reader, chunk, start);
				for (int i = chunk.limit() - 1; i >= 0; i--) {
					if (chunk.get(i) == '\n') {
						lineStart = start + i + 1;
						break search;
					}
				}
				end = start;
			}
			long length = size - lineStart;
			if (length <= TraceFileReader.MAX_LINE_LENGTH && isJsonObject(reader, lineStart, (int) length)) {
				channel.write(ByteBuffer.wrap(new byte[] { '\n' }));
				logger.warn("Ended the last line of {}, which had no line end", path);
			}
			else if (channel.size() == size) {
				channel.truncate(lineStart);
				logger.warn("Cut off the incomplete last line of {} ({} bytes): the process writing it stopped in the "
						+ "middle of the line", path, length);
			}
		}
	}

	/** How long a file's partial last line must stay as it is to be taken as cut off. */
	private static final long SETTLE_MILLIS = 100;

	private static final long SETTLE_LIMIT_NANOS = 2_000_000_000L;

	private static byte byteAt(FileChannel reader, long position) throws IOException {
		ByteBuffer one = ByteBuffer.allocate(1);
		readFully(reader, one, position);
		return one.get(0);
	}

	private static void readFully(FileChannel reader, ByteBuffer buffer, long position) throws IOException {
		while (buffer.hasRemaining()) {
			if (reader.read(buffer, position + buffer.position()) < 0) {
				throw new IOException("file ended while it was read");
			}
		}
	}

	private static boolean isJsonObject(FileChannel reader, long start, int length) throws IOException {
		ByteBuffer line = ByteBuffer.allocate(length);
		readFully(reader, line, start);
		try {
			EventCodec.readLine(new String(line.array(), StandardCharsets.UTF_8));
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private FileAttribute<?>[] dirAttributes() {
		return this.posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_DIR) }
				: new FileAttribute<?>[0];
	}

	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "JsonlExporter[" + this.traceDir + (this.flushEach ? ", flushEach" : "")
				+ (this.mirrorStdout ? ", mirrorStdout" : "") + "]";
	}

	/** An open session file and the whole lines not yet written to it. */
	private static final class OpenFile {

		final Path path;

		final FileChannel channel;

		final Buffer pending = new Buffer();

		OpenFile(Path path, FileChannel channel) {
			this.path = path;
			this.channel = channel;
		}

		/** Writes the pending lines with one append. */
		void drain() throws IOException {
			if (this.pending.size() == 0) {
				return;
			}
			ByteBuffer buffer = this.pending.asByteBuffer();
			try {
				while (buffer.hasRemaining()) {
					this.channel.write(buffer);
				}
			}
			finally {
				this.pending.reset();
			}
		}

		void close() throws IOException {
			this.channel.close();
		}

	}

	/** A byte buffer that hands out its content without copying. */
	private static final class Buffer extends ByteArrayOutputStream {

		Buffer() {
			super(1024);
		}

		ByteBuffer asByteBuffer() {
			return ByteBuffer.wrap(this.buf, 0, this.count);
		}

		/** Drops the bytes from {@code size} on. */
		void truncate(int size) {
			this.count = size;
		}

		/** The bytes from {@code offset} on, as UTF-8 text. */
		String textFrom(int offset) {
			return new String(this.buf, offset, this.count - offset, StandardCharsets.UTF_8);
		}

		@Override
		public synchronized void reset() {
			super.reset();
			if (this.buf.length > 4 * BUFFER_LIMIT) {
				this.buf = new byte[1024];
			}
		}

	}

	/**
	 * Where the generator writes: the pending bytes of the file of the event being
	 * written. Closing it closes nothing.
	 */
	private static final class Sink extends OutputStream {

		// set only while an event is written, so that it holds no file afterwards
		@Nullable Buffer target;

		@Override
		public void write(int b) {
			target().write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			target().write(bytes, offset, length);
		}

		private Buffer target() {
			Buffer target = this.target;
			if (target == null) {
				throw new IllegalStateException("Written outside an event");
			}
			return target;
		}

	}

}
