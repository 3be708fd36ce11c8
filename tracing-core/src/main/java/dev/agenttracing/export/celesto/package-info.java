/**
 * Sends traces to Celesto's ingest API in the form of the {@code agentor} Python SDK, so
 * that Java agents appear in the same dashboard as Python ones:
 * {@link dev.agenttracing.export.celesto.CelestoExporter}.
 */
@NullMarked
package dev.agenttracing.export.celesto;

import org.jspecify.annotations.NullMarked;
