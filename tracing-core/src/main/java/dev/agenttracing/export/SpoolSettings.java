package dev.agenttracing.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how much an exporter keeps on disk what it cannot deliver now: a batch whose
 * export failed for a reason that may pass
 * ({@link TraceExporter#isTemporary(Exception)}), or that was still queued when the
 * shutdown timeout ran out, is written to a file of the spool directory and exported
 * again later, oldest first, by this process or the next one that starts with the same
 * directory. An exporter opts in by returning its settings from
 * {@link TraceExporter#spool()}.
 *
 * <pre>{@code
 * public SpoolSettings spool() {
 *     return SpoolSettings.of(Path.of("traces/.spool/warehouse"))
 *         .withMaxBytes(50 * 1024 * 1024)              // oldest batches dropped beyond 50 MiB
 *         .withMaxRetryInterval(Duration.ofSeconds(10)); // a spooled batch is tried at least every 10 s
 * }
 * }</pre>
 *
 * @param directory the spool directory, created (readable by its owner only, where the
 * file system supports POSIX permissions) when missing; one per exporter
 * @param maxBytes the most bytes the spool files may take together, at least
 * {@value #MIN_BYTES}; beyond it the oldest are dropped and counted
 * @param maxRetryInterval the longest wait between two attempts at the oldest spooled
 * batch, {@link #MIN_RETRY_INTERVAL} to {@link #MAX_RETRY_INTERVAL}; the wait starts at
 * one second (or this, if shorter) and doubles after each failure
 */
public record SpoolSettings(Path directory, long maxBytes, Duration maxRetryInterval) {

	/** The default of {@link #maxBytes()}: 100 MiB. */
	public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;

	/** The default of {@link #maxRetryInterval()}: 30 seconds. */
	public static final Duration DEFAULT_MAX_RETRY_INTERVAL = Duration.ofSeconds(30);

	/** The smallest {@link #maxBytes()}: 1 KiB. */
	public static final long MIN_BYTES = 1024;

	/** The shortest {@link #maxRetryInterval()}: 10 milliseconds. */
	public static final Duration MIN_RETRY_INTERVAL = Duration.ofMillis(10);

	/** The longest {@link #maxRetryInterval()}: 1 hour. */
	public static final Duration MAX_RETRY_INTERVAL = Duration.ofHours(1);

	/**
	 * Checks the values: the one place where they are validated.
	 * @throws IllegalArgumentException if a value is out of its range
	 */
	public SpoolSettings {
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(maxRetryInterval, "maxRetryInterval");
		if (maxBytes < MIN_BYTES) {
			throw new IllegalArgumentException("maxBytes must be at least " + MIN_BYTES + " but was " + maxBytes);
		}
		if (maxRetryInterval.compareTo(MIN_RETRY_INTERVAL) < 0 || maxRetryInterval.compareTo(MAX_RETRY_INTERVAL) > 0) {
			throw new IllegalArgumentException("maxRetryInterval must be " + MIN_RETRY_INTERVAL + " to "
					+ MAX_RETRY_INTERVAL + " but was " + maxRetryInterval);
		}
	}

	/**
	 * A spool in the directory with the defaults: 100 MiB, a spooled batch tried at least
	 * every 30 s.
	 * @param directory the spool directory
	 * @return the settings
	 */
	public static SpoolSettings of(Path directory) {
		return new SpoolSettings(directory, DEFAULT_MAX_BYTES, DEFAULT_MAX_RETRY_INTERVAL);
	}

	/**
	 * These settings with another size bound.
	 * @param maxBytes the most bytes of all spool files together
	 * @return the new settings
	 */
	public SpoolSettings withMaxBytes(long maxBytes) {
		return new SpoolSettings(this.directory, maxBytes, this.maxRetryInterval);
	}

	/**
	 * These settings with another longest wait between attempts.
	 * @param maxRetryInterval the longest wait
	 * @return the new settings
	 */
	public SpoolSettings withMaxRetryInterval(Duration maxRetryInterval) {
		return new SpoolSettings(this.directory, this.maxBytes, maxRetryInterval);
	}

}
