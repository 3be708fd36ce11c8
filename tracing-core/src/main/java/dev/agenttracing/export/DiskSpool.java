package dev.agenttracing.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.EventJson;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.internal.RateLimitedLog;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one exporter's spool: one file per batch, named so that names sort by age
 * ({@code <epoch millis>-<sequence>-<random>-<events>.spool}), each a header line
 * ({@code {"spool":1,"events":n,"bytes":b,"crc32":c}}) and the batch's events as JSONL
 * lines. A file is written to a {@code .tmp} file and moved into place, so a crash never
 * leaves a partial file under a spool name; one that is damaged anyway (its length or
 * checksum do not match) is renamed to end in {@code .corrupt} and skipped. Files are
 * never opened through a symbolic link. Used by the {@link ExportChannel}'s worker only;
 * {@link #stats()} may be called from any thread.
 */
final class DiskSpool {

	private static final Logger logger = LoggerFactory.getLogger(DiskSpool.class);

	private static final RateLimitedLog rateLimitedLog = new RateLimitedLog(logger, Duration.ofMinutes(1));

	private static final Pattern NAME = Pattern.compile("(\\d{13})-(\\d{10})-([0-9a-f]{8})-(\\d{1,9})\\.spool");

	private static final String SUFFIX = ".spool";

	private static final String TEMP_SUFFIX = ".tmp";

	private static final String CORRUPT_SUFFIX = ".corrupt";

	/** A temporary file this old is a crashed write's, not one in progress. */
	private static final Duration STALE_TEMP = Duration.ofMinutes(1);

	private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	/** Writes one line after another, with nothing between them. */
	private static final ObjectWriter writer = JsonMapper.builder().build().writer().withRootValueSeparator("");

	private final String exporter;

	private final Path directory;

	private final long maxBytes;

	private final Clock clock;

	private final boolean posix;

	private final Deque<Entry> entries = new ArrayDeque<>();

	/** Names already reported as no regular file, so that a rescan does not repeat it. */
	private final Set<String> reported = new HashSet<>();

	private long bytes;

	private long events;

	private long spooled;

	private long dropped;

	private long corruptFiles;

	private long lastMillis;

	private long sequence;

	private boolean opened;

	DiskSpool(String exporter, SpoolSettings settings, Clock clock) {
		this.exporter = exporter;
		this.directory = settings.directory().toAbsolutePath().normalize();
		this.maxBytes = settings.maxBytes();
		this.clock = clock;
		this.posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Creates the directory when missing, removes temporary files of crashed writes and
	 * reads the names of the files waiting there. Called once, on the worker thread.
	 * @throws IOException if the directory cannot be created or read
	 */
	void open() throws IOException {
		if (this.opened) {
			return;
		}
		Files.createDirectories(this.directory, this.posix
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_DIR) } : new FileAttribute<?>[0]);
		this.opened = true;
		rescan();
	}

	/** Whether batches wait in the spool. */
	synchronized boolean hasPending() {
		return !this.entries.isEmpty();
	}

	/** The oldest waiting batch, or {@code null}. */
	synchronized @Nullable Entry oldest() {
		return this.entries.peekFirst();
	}

	/**
	 * Writes a batch to a new spool file, dropping the oldest files when the spool would
	 * grow beyond its bound.
	 * @param batch the events, in order
	 * @param durable whether to force the file to disk before it is named, so that it
	 * survives a power loss too, not only the end of the process; off when the process is
	 * about to exit and time is short
	 * @throws IOException if the file could not be written; nothing was added
	 */
	void append(List<TraceEvent> batch, boolean durable) throws IOException {
		byte[] content = encode(batch);
		if (content.length > this.maxBytes) {
			synchronized (this) {
				this.spooled += batch.size();
				this.dropped += batch.size();
			}
			warnDropped(batch.size(), "a batch of " + content.length + " bytes is larger than the whole spool");
			return;
		}
		long millis = Math.max(this.clock.millis(), this.lastMillis);
		this.lastMillis = millis;
		String name = String.format("%013d-%010d-%08x-%d%s", millis, this.sequence++,
				ThreadLocalRandom.current().nextInt(), batch.size(), SUFFIX);
		Path target = this.directory.resolve(name);
		Path temp = this.directory.resolve(name + TEMP_SUFFIX);
		write(temp, content, durable);
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			throw ex;
		}
		int droppedEvents = 0;
		synchronized (this) {
			while (!this.entries.isEmpty() && this.bytes + content.length > this.maxBytes) {
				Entry eldest = this.entries.pollFirst();
				forget(eldest);
				deleteQuietly(eldest.path());
				droppedEvents += eldest.events();
			}
			this.dropped += droppedEvents;
			this.entries.addLast(new Entry(target, millis, batch.size(), content.length));
			this.bytes += content.length;
			this.events += batch.size();
			this.spooled += batch.size();
		}
		if (droppedEvents > 0) {
			int count = droppedEvents;
			warnDropped(count, "the oldest spooled batches made room for new ones within " + this.maxBytes + " bytes");
		}
	}

	/**
	 * Reads a spooled batch.
	 * @param entry the file
	 * @return its events, or {@code null} when the file is gone (exported by another
	 * process) or damaged, in which case it was set aside with a warning and forgotten
	 * @throws IOException if reading failed for another reason
	 */
	@Nullable List<TraceEvent> read(Entry entry) throws IOException {
		byte[] content;
		try {
			content = readNoFollow(entry.path(), Math.max(this.maxBytes, entry.bytes()) + 1);
		}
		catch (NoSuchFileException ex) {
			remove(entry);
			return null;
		}
		try {
			return decode(content, entry.events());
		}
		catch (RuntimeException ex) {
			setAside(entry, ex.getMessage());
			return null;
		}
	}

	/** Deletes an exported batch's file. */
	void remove(Entry entry) {
		deleteQuietly(entry.path());
		boolean empty;
		synchronized (this) {
			if (this.entries.remove(entry)) {
				forget(entry);
			}
			empty = this.entries.isEmpty();
		}
		if (empty) {
			// another process may have spooled into the same directory meanwhile
			try {
				rescan();
			}
			catch (IOException ex) {
				logger.debug("Could not list the spool directory {}: {}", this.directory, ex.toString());
			}
		}
	}

	synchronized SpoolStats stats() {
		Entry oldest = this.entries.peekFirst();
		return new SpoolStats(this.directory.toString(), this.entries.size(), this.events, this.bytes,
				(oldest != null) ? Instant.ofEpochMilli(oldest.millis()) : null, this.spooled, this.dropped,
				this.corruptFiles);
	}

	private void forget(Entry entry) {
		this.bytes -= entry.bytes();
		this.events -= entry.events();
	}

	/** Reads the spool files in the directory again, oldest first. */
	private void rescan() throws IOException {
		List<Entry> found = new ArrayList<>();
		long now = this.clock.millis();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory)) {
			for (Path path : stream) {
				String name = path.getFileName().toString();
				BasicFileAttributes attributes;
				try {
					attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				}
				catch (IOException ex) {
					continue;
				}
				if (name.endsWith(SUFFIX + TEMP_SUFFIX)) {
					if (now - attributes.lastModifiedTime().toMillis() > STALE_TEMP.toMillis()) {
						// a write that a crash interrupted: never moved into place
						deleteQuietly(path);
					}
					continue;
				}
				Matcher matcher = NAME.matcher(name);
				if (!matcher.matches()) {
					continue;
				}
				if (!attributes.isRegularFile()) {
					if (this.reported.add(name)) {
						logger.warn("Skipping spool file {} of trace exporter '{}': it is no regular file "
								+ "(a symbolic link?) and is never opened", path, this.exporter);
					}
					continue;
				}
				found.add(new Entry(path, Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(4)),
						attributes.size()));
			}
		}
		found.sort((a, b) -> a.path().getFileName().toString().compareTo(b.path().getFileName().toString()));
		synchronized (this) {
			this.entries.clear();
			this.entries.addAll(found);
			this.bytes = 0;
			this.events = 0;
			for (Entry entry : found) {
				this.bytes += entry.bytes();
				this.events += entry.events();
				this.lastMillis = Math.max(this.lastMillis, entry.millis());
			}
		}
	}

	private void setAside(Entry entry, @Nullable String reason) {
		Path aside = entry.path().resolveSibling(entry.path().getFileName() + CORRUPT_SUFFIX);
		String where;
		try {
			Files.move(entry.path(), aside, StandardCopyOption.REPLACE_EXISTING);
			where = "renamed to " + aside.getFileName();
		}
		catch (IOException ex) {
			deleteQuietly(entry.path());
			where = "deleted";
		}
		logger.warn("Skipping corrupt spool file {} of trace exporter '{}' ({}); {}", entry.path(), this.exporter,
				reason, where);
		synchronized (this) {
			if (this.entries.remove(entry)) {
				forget(entry);
			}
			this.corruptFiles++;
		}
	}

	private void warnDropped(int count, String why) {
		rateLimitedLog.warn("dropped:" + this.directory, () -> "Trace exporter '" + this.exporter + "' dropped " + count
				+ " spooled events: " + why + "; " + stats().dropped() + " dropped so far", null);
	}

	private void write(Path temp, byte[] content, boolean durable) throws IOException {
		Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
				LinkOption.NOFOLLOW_LINKS);
		FileAttribute<?>[] attributes = this.posix
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_FILE) } : new FileAttribute<?>[0];
		boolean written = false;
		try (FileChannel channel = FileChannel.open(temp, options, attributes)) {
			ByteBuffer buffer = ByteBuffer.wrap(content);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			// on disk before it gets its name, so that a power loss cannot leave a
			// named file without its content
			if (durable) {
				channel.force(false);
			}
			written = true;
		}
		finally {
			if (!written) {
				deleteQuietly(temp);
			}
		}
	}

	private static byte[] readNoFollow(Path path, long limit) throws IOException {
		try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ,
				LinkOption.NOFOLLOW_LINKS)) {
			long size = channel.size();
			if (size > limit) {
				throw new IOException("spool file " + path + " is larger than the spool (" + size + " bytes)");
			}
			ByteBuffer buffer = ByteBuffer.allocate((int) size);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// reads until full or at the end
			}
			buffer.flip();
			byte[] content = new byte[buffer.remaining()];
			buffer.get(content);
			return content;
		}
	}

	static byte[] encode(List<TraceEvent> batch) {
		ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
		// one generator for the batch, as the JSONL writer does: at shutdown time is
		// short
		try (JsonGenerator gen = writer.createGenerator(body)) {
			for (TraceEvent event : batch) {
				EventJson.write(event, gen);
				gen.flush();
				body.write('\n');
			}
		}
		byte[] bodyBytes = body.toByteArray();
		CRC32 crc = new CRC32();
		crc.update(bodyBytes);
		String header = "{\"spool\":1,\"events\":" + batch.size() + ",\"bytes\":" + bodyBytes.length + ",\"crc32\":"
				+ crc.getValue() + "}\n";
		ByteArrayOutputStream file = new ByteArrayOutputStream(header.length() + bodyBytes.length);
		file.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
		file.writeBytes(bodyBytes);
		return file.toByteArray();
	}

	/**
	 * The events of a spool file's content.
	 * @throws IllegalArgumentException if the content is damaged, saying how
	 */
	static List<TraceEvent> decode(byte[] content, int expectedEvents) {
		int headerEnd = indexOf(content, 0);
		if (headerEnd < 0) {
			throw new IllegalArgumentException("no header line (" + content.length + " bytes)");
		}
		Map<String, Object> header = EventCodec.readLine(content, 0, headerEnd);
		if (!Integer.valueOf(1).equals(header.get("spool")) || !(header.get("events") instanceof Number count)
				|| !(header.get("bytes") instanceof Number length) || !(header.get("crc32") instanceof Number crc32)) {
			throw new IllegalArgumentException("not a spool header: " + header.keySet());
		}
		int bodyStart = headerEnd + 1;
		if (content.length - bodyStart != length.longValue()) {
			throw new IllegalArgumentException(
					"truncated: " + (content.length - bodyStart) + " of " + length + " bytes of events");
		}
		CRC32 crc = new CRC32();
		crc.update(content, bodyStart, content.length - bodyStart);
		if (crc.getValue() != crc32.longValue()) {
			throw new IllegalArgumentException("checksum mismatch");
		}
		if (count.intValue() != expectedEvents) {
			throw new IllegalArgumentException("holds " + count + " events where its name says " + expectedEvents);
		}
		List<TraceEvent> events = new ArrayList<>(count.intValue());
		int start = bodyStart;
		while (start < content.length) {
			int end = indexOf(content, start);
			if (end < 0) {
				throw new IllegalArgumentException("incomplete last line");
			}
			events.add(TraceEvent.fromMap(EventCodec.readLine(content, start, end - start)));
			start = end + 1;
		}
		if (events.size() != count.intValue()) {
			throw new IllegalArgumentException("holds " + events.size() + " events where its header says " + count);
		}
		return events;
	}

	private static int indexOf(byte[] content, int from) {
		for (int i = from; i < content.length; i++) {
			if (content[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private static void deleteQuietly(Path path) {
		try {
			// deletes a link itself, never what it points to
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}: {}", path, ex.toString());
		}
	}

	@Override
	public String toString() {
		return "DiskSpool[" + this.directory + "]";
	}

	/**
	 * One spool file.
	 *
	 * @param path the file
	 * @param millis when it was written
	 * @param events how many events it holds
	 * @param bytes its size
	 */
	record Entry(Path path, long millis, int events, long bytes) {
	}

}
