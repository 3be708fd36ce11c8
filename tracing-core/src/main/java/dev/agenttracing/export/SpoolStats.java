package dev.agenttracing.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an exporter's disk spool (see {@link SpoolSettings}).
 *
 * @param directory the spool directory
 * @param files spool files waiting to be exported
 * @param events events in them
 * @param bytes bytes they take
 * @param oldest when the oldest of them was written, if there is one
 * @param spooled events handed to the spool since start (those dropped included)
 * @param dropped events dropped from the spool (the oldest, to stay within its size; or a
 * batch larger than the whole spool) since start
 * @param corruptFiles unreadable spool files set aside (renamed to end in
 * {@code .corrupt}) since start
 */
public record SpoolStats(String directory, int files, long events, long bytes, @Nullable Instant oldest, long spooled,
		long dropped, long corruptFiles) {

	/**
	 * How long the oldest spooled batch has waited at {@code now}, zero when there is
	 * none.
	 * @param now the current time
	 * @return the age in milliseconds
	 */
	public long oldestAgeMillis(Instant now) {
		Instant oldest = this.oldest;
		return (oldest != null) ? Math.max(0, now.toEpochMilli() - oldest.toEpochMilli()) : 0;
	}

}
