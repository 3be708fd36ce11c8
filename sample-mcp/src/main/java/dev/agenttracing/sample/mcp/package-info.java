/**
 * Two applications that talk MCP: a weather server ({@code server}) and a travel agent
 * ({@code client}) calling its tools, traced as one distributed trace.
 */
@NullMarked
package dev.agenttracing.sample.mcp;

import org.jspecify.annotations.NullMarked;
