package dev.agenttracing.test;

import org.jspecify.annotations.Nullable;

/**
 * A reasoning step of a captured run.
 *
 * @param content what the agent decided
 * @param reasoningContent how it got there, if recorded
 */
public record CapturedReasoningStep(@Nullable String content,
		@Nullable String reasoningContent) implements CapturedStep {
}
