package dev.agenttracing.export;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How an exporter's channel groups events into export calls: at most {@code batchSize}
 * events per call, and either
 * <ul>
 * <li>{@link #fixed(int, Duration) fixed}: a batch is exported when it is full, or once
 * its oldest event has waited {@code flushInterval}; or</li>
 * <li>{@link #queued(int) queued} ({@code flushInterval} is {@code null}): every export
 * call takes the events already queued, up to {@code batchSize}, and none waits for more;
 * an event queued alone is exported at once, as with a batch size of 1, while a burst
 * costs one call per {@code batchSize} events instead of one per event.</li>
 * </ul>
 * An exporter declares its batching with {@link TraceExporter#batching()}; an exporter
 * that declares none gets the tracer's ({@code AgentTracer.Builder.batchSize(int)} and
 * {@code flushInterval}), and
 * {@code AgentTracer.Builder.exporter(name, exporter, batchSize, flushInterval)}
 * overrides both.
 *
 * <pre>{@code
 * class WarehouseExporter implements TraceExporter {
 *     public ExportBatching batching() {
 *         return ExportBatching.fixed(500, Duration.ofSeconds(10)); // one insert per 500 rows or 10 s
 *     }
 *     public void export(List<TraceEvent> events) { ... }
 * }
 * }</pre>
 *
 * @param batchSize the most events per export call, at least 1
 * @param flushInterval how long a partial batch waits for more events, positive;
 * {@code null} to export whatever is queued without waiting
 */
public record ExportBatching(int batchSize, @Nullable Duration flushInterval) {

	/**
	 * Checks the values: the one place where a batch size and a flush interval are
	 * validated.
	 * @throws IllegalArgumentException if the batch size is below 1 or the flush interval
	 * not positive
	 */
	public ExportBatching {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
		}
		if (flushInterval != null && (flushInterval.isNegative() || flushInterval.isZero())) {
			throw new IllegalArgumentException("flushInterval must be positive but was " + flushInterval);
		}
	}

	/**
	 * Batches of {@code batchSize} events; a partial batch is exported once its oldest
	 * event has waited {@code flushInterval}.
	 * @param batchSize events per export call, at least 1
	 * @param flushInterval the longest a partial batch waits, positive
	 * @return the batching
	 */
	public static ExportBatching fixed(int batchSize, Duration flushInterval) {
		return new ExportBatching(batchSize, Objects.requireNonNull(flushInterval, "flushInterval"));
	}

	/**
	 * Every export call takes what is queued, at most {@code maxBatchSize} events,
	 * without waiting for more.
	 * @param maxBatchSize the most events per export call, at least 1
	 * @return the batching
	 */
	public static ExportBatching queued(int maxBatchSize) {
		return new ExportBatching(maxBatchSize, null);
	}

	/**
	 * Whether a partial batch waits for more events ({@link #fixed(int, Duration) fixed}
	 * batching).
	 */
	public boolean waitsForFullBatch() {
		return this.flushInterval != null;
	}

}
