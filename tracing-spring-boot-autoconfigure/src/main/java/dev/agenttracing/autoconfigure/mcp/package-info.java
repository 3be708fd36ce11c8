/**
 * Carries traces across the Model Context Protocol: an MCP tool call made inside a run
 * sends the trace in its request's {@code params._meta}, and a tool an MCP server with
 * the starter handles is a run of its own that continues the caller's trace.
 */
@NullMarked
package dev.agenttracing.autoconfigure.mcp;

import org.jspecify.annotations.NullMarked;
