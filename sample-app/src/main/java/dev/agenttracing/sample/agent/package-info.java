/**
 * The "Support Agent": a {@link dev.agenttracing.sample.agent.SupportAgent} traced with
 * {@code @TracedRun} that talks to its model through Spring AI's {@code ChatClient}; the
 * {@link dev.agenttracing.sample.agent.RuleBasedSupportModel}, a deterministic Spring AI
 * {@code ChatModel} that needs no network and no API key; and the {@code @Tool}s in
 * {@link dev.agenttracing.sample.agent.SupportTools}, which Spring AI's tool-calling loop
 * runs.
 */
@NullMarked
package dev.agenttracing.sample.agent;

import org.jspecify.annotations.NullMarked;
