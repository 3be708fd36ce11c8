package dev.agenttracing.test;

/**
 * One step of a run's trajectory, in the order the steps started: a
 * {@link CapturedToolCall}, a {@link CapturedModelCall} or a
 * {@link CapturedReasoningStep}.
 */
public sealed interface CapturedStep permits CapturedToolCall, CapturedModelCall, CapturedReasoningStep {

	/** Whether the step failed (a tool or model call that threw). */
	default boolean failed() {
		return false;
	}

}
