/**
 * The HTTP API of the sample: {@code POST /api/agent/runs} runs the agent, {@code GET
 * /api/agent/sessions/{id}/events} reads a session's trace file back; errors are JSON
 * problem details.
 */
@NullMarked
package dev.agenttracing.sample.web;

import org.jspecify.annotations.NullMarked;
