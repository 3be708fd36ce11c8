package dev.agenttracing.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one exporter's counters.
 *
 * @param exporter the exporter's name
 * @param accepted events taken into its queue
 * @param exported events it exported without error
 * @param dropped events refused because its queue was full or closed
 * @param failed events in batches whose export threw and that were not spooled
 * @param queued events waiting in its queue now
 * @param lastSuccess when an export last succeeded, if ever
 * @param lastFailure when an export last failed, if ever
 * @param lastError the last failure's exception class and message, if any
 * @param spool its disk spool's state, if it has one ({@link TraceExporter#spool()})
 */
public record ExporterStats(String exporter, long accepted, long exported, long dropped, long failed, int queued,
		@Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable String lastError,
		@Nullable SpoolStats spool) {

	/**
	 * The counters of an exporter without a spool.
	 * @param exporter the exporter's name
	 * @param accepted events taken into its queue
	 * @param exported events it exported without error
	 * @param dropped events refused because its queue was full or closed
	 * @param failed events in batches whose export threw
	 * @param queued events waiting in its queue now
	 * @param lastSuccess when an export last succeeded, if ever
	 * @param lastFailure when an export last failed, if ever
	 * @param lastError the last failure's exception class and message, if any
	 */
	public ExporterStats(String exporter, long accepted, long exported, long dropped, long failed, int queued,
			@Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable String lastError) {
		this(exporter, accepted, exported, dropped, failed, queued, lastSuccess, lastFailure, lastError, null);
	}

}
