/**
 * The trace events: one immutable record per thing that happened in an agent run.
 *
 * <p>
 * Every event turns into exactly one JSON object with {@link TraceEvent#toMap()}, the
 * line the JSONL exporter writes, and back with
 * {@link TraceEvent#fromMap(java.util.Map)}.
 */
@NullMarked
package dev.agenttracing.event;

import org.jspecify.annotations.NullMarked;
