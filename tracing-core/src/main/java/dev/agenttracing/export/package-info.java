/**
 * Where events go: the {@link dev.agenttracing.export.TraceExporter} contract, the export
 * channel that batches events for one exporter on its own thread, and the event filter.
 */
@NullMarked
package dev.agenttracing.export;

import org.jspecify.annotations.NullMarked;
