/**
 * The travel agent: a Spring AI {@code ChatClient} whose model asks for the weather
 * server's tools, called through Spring AI's MCP client.
 */
@NullMarked
package dev.agenttracing.sample.mcp.client;

import org.jspecify.annotations.NullMarked;
