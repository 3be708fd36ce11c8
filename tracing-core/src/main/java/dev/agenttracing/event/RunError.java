package dev.agenttracing.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A run failed. Written with {@code content} (the message), {@code error_type} and
 * {@code metrics: {duration}}; also with {@code model}, {@code run_input} and
 * {@code tools}, as {@link RunCompleted}.
 *
 * @param timestamp when the run failed
 * @param run the run
 * @param model the model the agent used, if known
 * @param input the run's input, or {@code null} when content capture is off
 * @param tools the names of the tools the run called, in first-call order
 * @param error the exception's message (its class name when it has none)
 * @param errorType the exception's simple class name
 * @param metrics token usage, if known, and duration
 */
public record RunError(Instant timestamp, RunInfo run, @Nullable String model, @Nullable Object input,
		List<String> tools, String error, String errorType, RunMetrics metrics) implements TraceEvent {

	@Override
	public String event() {
		return "RunError";
	}

	/** When the run began. */
	public Instant startedAt() {
		return this.timestamp.minus(this.metrics.duration());
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
