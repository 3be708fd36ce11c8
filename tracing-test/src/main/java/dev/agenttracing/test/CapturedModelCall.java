package dev.agenttracing.test;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TokenUsage;

/**
 * A model call of a captured run.
 *
 * @param model the model asked, if known
 * @param provider who serves it, if known
 * @param input what was sent (the messages), as JSON values
 * @param output the answer, as JSON values
 * @param finishReason why the model stopped, if reported
 * @param usage the tokens, if reported
 * @param error the message of what the call threw, if it failed
 * @param errorType the simple class name of what it threw, if it failed
 * @param duration how long it took; {@code null} while it runs
 */
public record CapturedModelCall(@Nullable String model, @Nullable String provider, @Nullable Object input,
		@Nullable Object output, @Nullable String finishReason, @Nullable TokenUsage usage, @Nullable String error,
		@Nullable String errorType, @Nullable Duration duration) implements CapturedStep {

	@Override
	public boolean failed() {
		return this.error != null;
	}

}
