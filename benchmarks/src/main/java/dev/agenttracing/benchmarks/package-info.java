/**
 * JMH benchmarks of agent-tracing: the calling thread's cost of a traced call beside
 * Micrometer's {@code @Observed} and a manual OpenTelemetry SDK span, export throughput
 * of the JSONL and Celesto exporters, and memory under overload. Run them as
 * {@code benchmarks/README.md} shows.
 */
@NullMarked
package dev.agenttracing.benchmarks;

import org.jspecify.annotations.NullMarked;
