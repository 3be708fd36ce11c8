package dev.agenttracing.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A run finished. Written with {@code content} (the output), {@code content_type}
 * ({@code "str"} for text, {@code "json"} otherwise) and {@code metrics: {input_tokens,
 * output_tokens, total_tokens, duration}}; also with {@code model}, {@code run_input} and
 * {@code tools} (the names of the tools called), so that an exporter that speaks in spans
 * needs nothing from earlier events.
 *
 * @param timestamp when the run finished
 * @param run the run
 * @param model the model the agent used, if known
 * @param input the run's input, or {@code null} when content capture is off
 * @param output the run's output, or {@code null} when content capture is off
 * @param tools the names of the tools the run called, in first-call order
 * @param metrics token usage and duration
 */
public record RunCompleted(Instant timestamp, RunInfo run, @Nullable String model, @Nullable Object input,
		@Nullable Object output, List<String> tools, RunMetrics metrics) implements TraceEvent {

	@Override
	public String event() {
		return "RunCompleted";
	}

	/** When the run began. */
	public Instant startedAt() {
		return this.timestamp.minus(this.metrics.duration());
	}

	/** {@code "str"} for text output, {@code "json"} for anything else. */
	public String contentType() {
		return (this.output == null || this.output instanceof String) ? "str" : "json";
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
