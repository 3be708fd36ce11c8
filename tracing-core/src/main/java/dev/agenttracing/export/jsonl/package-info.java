/**
 * The local JSONL trace files: {@link dev.agenttracing.export.jsonl.JsonlExporter} writes
 * one file per session, {@link dev.agenttracing.export.jsonl.TraceFiles} reads them back.
 */
@NullMarked
package dev.agenttracing.export.jsonl;

import org.jspecify.annotations.NullMarked;
