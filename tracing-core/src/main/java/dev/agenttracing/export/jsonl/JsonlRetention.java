package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.internal.RateLimitedLog;

/**
 * Keeps the JSONL trace files within an age and a total size: a background task deletes
 * whole session files, oldest last-modified first, until none is older than
 * {@code maxAge} and all together take at most {@code maxTotalBytes}. It never deletes a
 * file modified in the last minute, nor one the exporter has open, and never follows a
 * symbolic link: an entry that is no regular file is left alone. Subdirectories (such as
 * a spool) are not looked into.
 *
 * <pre>{@code
 * JsonlExporter files = new JsonlExporter(Path.of("./traces"));
 * JsonlRetention retention = JsonlRetention.of(files, Duration.ofDays(14), 500L * 1024 * 1024);
 * retention.start(Duration.ofMinutes(1)); // a daemon thread, every minute
 * // ...
 * retention.close();
 * }</pre>
 */
public final class JsonlRetention implements AutoCloseable {

	/** A file modified more recently than this is being written: never deleted. */
	public static final Duration IN_USE = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(JsonlRetention.class);

	private static final RateLimitedLog rateLimitedLog = new RateLimitedLog(logger, Duration.ofMinutes(10));

	private static final String SUFFIX = ".jsonl";

	private final Path directory;

	private final @Nullable Duration maxAge;

	private final long maxTotalBytes;

	private final Supplier<Set<Path>> openFiles;

	private final Clock clock;

	private final AtomicLong filesRemoved = new AtomicLong();

	private final AtomicLong bytesRemoved = new AtomicLong();

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates the retention; nothing runs before {@link #start(Duration)} or
	 * {@link #enforce()}.
	 * @param directory the trace directory
	 * @param maxAge the oldest a file may get, or {@code null} for no limit
	 * @param maxTotalBytes the most bytes all files may take, or a negative number for no
	 * limit
	 * @param openFiles the files the exporter has open, never deleted
	 * @param clock the current time
	 */
	public JsonlRetention(Path directory, @Nullable Duration maxAge, long maxTotalBytes, Supplier<Set<Path>> openFiles,
			Clock clock) {
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalArgumentException("maxAge must be positive but was " + maxAge);
		}
		this.directory = directory.toAbsolutePath().normalize();
		this.maxAge = maxAge;
		this.maxTotalBytes = maxTotalBytes;
		this.openFiles = Objects.requireNonNull(openFiles, "openFiles");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * A retention of the exporter's files, which spares the files it has open.
	 * @param exporter the JSONL exporter
	 * @param maxAge the oldest a file may get, or {@code null} for no limit
	 * @param maxTotalBytes the most bytes all files may take, or a negative number for no
	 * limit
	 * @return the retention, not started
	 */
	public static JsonlRetention of(JsonlExporter exporter, @Nullable Duration maxAge, long maxTotalBytes) {
		return new JsonlRetention(exporter.traceDir(), maxAge, maxTotalBytes, exporter::openFiles,
				Clock.systemDefaultZone());
	}

	/**
	 * Runs {@link #enforce()} now and then every {@code interval} on a daemon thread,
	 * until {@link #close()}.
	 * @param interval the time between two runs, positive
	 */
	public synchronized void start(Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive but was " + interval);
		}
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "agent-tracing-retention");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::enforceQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	/** Stops the background task. */
	@Override
	public synchronized void close() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	/** Session files deleted so far. */
	public long filesRemoved() {
		return this.filesRemoved.get();
	}

	/** Bytes of the session files deleted so far. */
	public long bytesRemoved() {
		return this.bytesRemoved.get();
	}

	/** The trace directory. */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Deletes the files that are too old, then the oldest until the rest fit in the size.
	 * @return how many files were deleted
	 * @throws IOException if the directory could not be read
	 */
	public synchronized int enforce() throws IOException {
		if (!Files.isDirectory(this.directory)) {
			return 0;
		}
		Instant now = this.clock.instant();
		Instant inUseSince = now.minus(IN_USE);
		Set<Path> open = this.openFiles.get();
		List<SessionFile> files = new ArrayList<>();
		long total = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
			for (Path path : entries) {
				BasicFileAttributes attributes;
				try {
					attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				}
				catch (IOException ex) {
					continue;
				}
				if (!attributes.isRegularFile()) {
					// a link, or a directory: not ours to delete
					continue;
				}
				Instant modified = attributes.lastModifiedTime().toInstant();
				total += attributes.size();
				boolean inUse = modified.isAfter(inUseSince) || open.contains(path.toAbsolutePath().normalize());
				files.add(new SessionFile(path, modified, attributes.size(), inUse));
			}
		}
		files.sort(Comparator.comparing(SessionFile::modified));
		Instant tooOld = (this.maxAge != null) ? now.minus(this.maxAge) : null;
		int removed = 0;
		for (SessionFile file : files) {
			boolean old = tooOld != null && file.modified().isBefore(tooOld);
			boolean over = this.maxTotalBytes >= 0 && total > this.maxTotalBytes;
			if (!old && !over) {
				// the rest are newer and already fit
				break;
			}
			if (file.inUse()) {
				continue;
			}
			if (delete(file)) {
				total -= file.size();
				removed++;
			}
		}
		if (removed > 0) {
			logger.info("Trace retention deleted {} session files from {}", removed, this.directory);
		}
		return removed;
	}

	private boolean delete(SessionFile file) {
		try {
			// removes the entry itself: were it a link by now, never what it points to
			Files.delete(file.path());
			this.filesRemoved.incrementAndGet();
			this.bytesRemoved.addAndGet(file.size());
			return true;
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			rateLimitedLog.warn("delete:" + this.directory,
					() -> "Trace retention could not delete " + file.path() + ": " + ex, null);
			return false;
		}
	}

	private void enforceQuietly() {
		try {
			enforce();
		}
		catch (Throwable ex) {
			rateLimitedLog.warn("enforce:" + this.directory,
					() -> "Trace retention could not check " + this.directory + ": " + ex, null);
		}
	}

	@Override
	public String toString() {
		return "JsonlRetention[" + this.directory + ", maxAge=" + this.maxAge + ", maxTotalBytes=" + this.maxTotalBytes
				+ "]";
	}

	private record SessionFile(Path path, Instant modified, long size, boolean inUse) {
	}

}
