package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A run began. Written with {@code model} and {@code run_input: {"input_content": ...}}.
 *
 * @param timestamp when the run began
 * @param run the run
 * @param model the model the agent uses, if known
 * @param input the run's input, or {@code null} when content capture is off
 */
public record RunStarted(Instant timestamp, RunInfo run, @Nullable String model,
		@Nullable Object input) implements TraceEvent {

	@Override
	public String event() {
		return "RunStarted";
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
