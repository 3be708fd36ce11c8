/**
 * Testing agents through their traces: {@link dev.agenttracing.test.TraceCapture} keeps
 * the events of each test in memory, {@link dev.agenttracing.test.CapturedTraces} reads
 * them as {@link dev.agenttracing.test.CapturedRun runs},
 * {@link dev.agenttracing.test.AgentTraceAssertions} asserts on them and
 * {@link dev.agenttracing.test.GoldenTrajectory} compares a run with a recorded one.
 * {@link dev.agenttracing.test.AgentTracingExtension} gives a plain JUnit test a tracer
 * that captures; {@code @AutoConfigureAgentTracing} does the same for a Spring Boot test.
 */
@NullMarked
package dev.agenttracing.test;

import org.jspecify.annotations.NullMarked;
