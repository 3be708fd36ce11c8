package dev.agenttracing.test;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A tool call of a captured run, as its events recorded it (content redacted and
 * truncated as the tracer's content policy says).
 *
 * @param name the tool's name
 * @param callId the call's id: the one the model gave, or a generated one
 * @param arguments the arguments by name, if recorded
 * @param result what the tool returned, as JSON values (maps, lists, strings, numbers)
 * @param error the message of what it threw, if it failed
 * @param errorType the simple class name of what it threw, if it failed
 * @param duration how long it took; {@code null} while it runs
 */
public record CapturedToolCall(String name, String callId, @Nullable Map<String, @Nullable Object> arguments,
		@Nullable Object result, @Nullable String error, @Nullable String errorType,
		@Nullable Duration duration) implements CapturedStep {

	@Override
	public boolean failed() {
		return this.error != null;
	}

	/** Whether the call has not ended yet. */
	public boolean running() {
		return this.duration == null;
	}

}
