/**
 * The weather server: two tools behind Spring AI's MCP server (streamable HTTP).
 */
@NullMarked
package dev.agenttracing.sample.mcp.server;

import org.jspecify.annotations.NullMarked;
