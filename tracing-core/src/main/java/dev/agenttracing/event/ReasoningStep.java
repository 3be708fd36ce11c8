package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The agent reasoned. Written with {@code content}, {@code content_type} and
 * {@code reasoning_content}.
 *
 * @param timestamp when the step was produced
 * @param run the run
 * @param stepSpanId the step's own span id; its parent is the run's span
 * @param content the step's visible text, or {@code null} when content capture is off
 * @param reasoningContent the reasoning itself, or {@code null} when content capture is
 * off
 */
public record ReasoningStep(Instant timestamp, RunInfo run, String stepSpanId, @Nullable String content,
		@Nullable String reasoningContent) implements TraceEvent {

	@Override
	public String event() {
		return "ReasoningStep";
	}

	@Override
	public String spanId() {
		return this.stepSpanId;
	}

	@Override
	public String parentSpanId() {
		return run().spanId();
	}

	/**
	 * Always {@code null}: a reasoning step is a point in time, not a span of the
	 * distributed trace.
	 */
	@Override
	public @Nullable String otelSpanId() {
		return null;
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
