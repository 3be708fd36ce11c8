package dev.agenttracing.export;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TraceEvent;

/**
 * Sends trace events to a backend. Each exporter gets its own {@link ExportChannel}: a
 * bounded queue and one worker thread, so its methods are called from that one thread
 * only, and may block or throw without affecting the application or the other exporters
 * (failures are counted and logged).
 *
 * <pre>{@code
 * class DatadogExporter implements TraceExporter {
 *     public void export(List<TraceEvent> events) throws Exception {
 *         for (TraceEvent event : events) {
 *             send(event.toMap());
 *         }
 *     }
 * }
 * AgentTracer tracer = AgentTracer.builder().exporter(new DatadogExporter()).build();
 * }</pre>
 */
public interface TraceExporter {

	/**
	 * Sends one batch of events, in the order they happened.
	 * @param events the batch, never empty
	 * @throws Exception if the batch could not be sent; it is counted as failed
	 */
	void export(List<TraceEvent> events) throws Exception;

	/**
	 * How this exporter's channel groups events into export calls; {@code null} (the
	 * default) leaves it to the tracer's batch size and flush interval. A backend with
	 * its own limits declares them here, so that every tracer it is added to batches for
	 * it alike: <pre>{@code
	 * public ExportBatching batching() {
	 *     return ExportBatching.fixed(256, Duration.ofSeconds(1)); // 256 per request, or after 1 s
	 * }
	 * }</pre> An exporter whose cost is per call rather than per event, such as a file
	 * writer, declares {@link ExportBatching#queued(int)}.
	 * {@code AgentTracer.Builder.exporter(name, exporter, batchSize,
	 * flushInterval)} wins over the declaration.
	 * @return the batching, or {@code null} for the tracer's
	 */
	default @Nullable ExportBatching batching() {
		return null;
	}

	/**
	 * Where batches this exporter cannot deliver now wait on disk; {@code null} (the
	 * default) counts such a batch as failed and forgets it. With a spool, a batch whose
	 * export throws an exception that {@link #isTemporary(Exception)} accepts, or that is
	 * still queued when the shutdown timeout runs out, is written to a file there and
	 * exported again later, oldest first, by this process or the next one that starts
	 * with the same directory; while batches wait there, new ones join them, so that
	 * batches are exported in the order they were made. Delivery is at least once: a
	 * batch exported partly before the failure is exported whole again. <pre>{@code
	 * public SpoolSettings spool() {
	 *     return SpoolSettings.of(Path.of("traces/.spool/datadog"));
	 * }
	 * }</pre>
	 * @return the spool's settings, or {@code null} for none
	 */
	default @Nullable SpoolSettings spool() {
		return null;
	}

	/**
	 * Whether a failure of {@link #export(List)} may pass, so that the batch is worth
	 * spooling and trying again (only asked when {@link #spool()} gives a spool). The
	 * default accepts {@link IOException}s; a refusal of the content, which would fail
	 * again, should return {@code false}.
	 * @param failure what {@link #export(List)} threw
	 * @return whether to spool the batch
	 */
	default boolean isTemporary(Exception failure) {
		return failure instanceof IOException;
	}

	/**
	 * Makes everything exported so far durable (called when the queue runs empty, on
	 * flush and before {@link #shutdown()}).
	 * @throws Exception if that failed
	 */
	default void flush() throws Exception {
	}

	/**
	 * Releases resources; called once, after the last export.
	 * @throws Exception if that failed
	 */
	default void shutdown() throws Exception {
	}

}
