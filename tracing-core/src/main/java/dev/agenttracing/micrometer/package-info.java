/**
 * The Micrometer bridge: agent runs, tool calls and model calls as {@code invoke_agent},
 * {@code execute_tool} and {@code chat} observations named after the OpenTelemetry GenAI
 * conventions, current while the work runs, so that they become spans of the distributed
 * trace and timers of the metrics the application already has. Needs
 * {@code io.micrometer:micrometer-observation} on the class path.
 */
@NullMarked
package dev.agenttracing.micrometer;

import org.jspecify.annotations.NullMarked;
