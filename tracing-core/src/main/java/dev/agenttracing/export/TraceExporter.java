package dev.agenttracing.export;

import java.util.List;

import dev.agenttracing.event.TraceEvent;

/**
 * Sends trace events to a backend. Each exporter gets its own {@link ExportChannel}: a bounded queue
 * and one worker thread, so its methods are called from that one thread only, and may block or throw
 * without affecting the application or the other exporters (failures are counted and logged).
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
	 * Makes everything exported so far durable (called when the queue runs empty, on flush and
	 * before {@link #shutdown()}).
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
