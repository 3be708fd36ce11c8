/**
 * Spring Boot auto-configuration for agent tracing: {@code tracing.*} and
 * {@code celesto.*} properties, the {@code AgentTracer} bean, its exporters and filters,
 * and the aspect that traces {@code @TracedRun} and {@code @TracedTool} methods.
 */
@NullMarked
package dev.agenttracing.autoconfigure;

import org.jspecify.annotations.NullMarked;
