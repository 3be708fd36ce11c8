/**
 * The "Support Agent": a {@link dev.agenttracing.sample.agent.SupportAgent} traced with
 * {@code @TracedRun}, its {@code @TracedTool}s in {@link dev.agenttracing.sample.agent.SupportTools}, and
 * the {@link dev.agenttracing.sample.agent.SupportModel} it asks what to do, here a deterministic
 * rule-based stand-in that needs no network and no API key.
 */
@NullMarked
package dev.agenttracing.sample.agent;

import org.jspecify.annotations.NullMarked;
