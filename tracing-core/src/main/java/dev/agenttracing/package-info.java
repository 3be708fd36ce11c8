/**
 * The manual tracing API: {@link dev.agenttracing.AgentTracer} starts runs and tool
 * calls, {@link dev.agenttracing.TracingContext} carries the current run to other
 * threads, and {@link dev.agenttracing.RunConfig} sets session, group id and metadata for
 * the runs in a scope.
 */
@NullMarked
package dev.agenttracing;

import org.jspecify.annotations.NullMarked;
